package app.tokencheck.diagnosis;

import java.util.List;

/**
 * The answer to "why is this token refused?": one primary cause, every check with its evidence, and
 * the steps of the fix.
 *
 * @param headline one sentence naming the cause in plain words
 */
public record Diagnosis(
    String slackUserId,
    Cause cause,
    String headline,
    List<Check> checks,
    List<FixStep> steps,
    TokenState token) {

  public Diagnosis {
    checks = List.copyOf(checks);
    steps = List.copyOf(steps);
  }
}
