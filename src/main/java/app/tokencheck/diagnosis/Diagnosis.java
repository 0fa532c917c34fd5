package app.tokencheck.diagnosis;

import java.util.List;

/**
 * The answer to "why is this token refused?": one primary cause, every check with its evidence, and
 * the steps of the fix.
 *
 * @param certainty how sure this diagnosis is; usually the cause's own, lower when a fact that
 *     would confirm it is missing
 * @param headline one sentence naming the cause in plain words
 */
public record Diagnosis(
    String slackUserId,
    Cause cause,
    Certainty certainty,
    String headline,
    List<Check> checks,
    List<FixStep> steps,
    TokenState token) {

  public Diagnosis {
    checks = List.copyOf(checks);
    steps = List.copyOf(steps);
  }
}
