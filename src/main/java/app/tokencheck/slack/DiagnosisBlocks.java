package app.tokencheck.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import app.tokencheck.diagnosis.Cause;
import app.tokencheck.diagnosis.Check;
import app.tokencheck.diagnosis.Diagnosis;
import app.tokencheck.diagnosis.FixStep;
import app.tokencheck.diagnosis.Mark;
import app.tokencheck.diagnosis.TokenState;
import com.slack.api.model.block.LayoutBlock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a diagnosis as Slack blocks: verdict, checks, fix, and a context line. */
final class DiagnosisBlocks {
  private static final DateTimeFormatter FALLBACK_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private DiagnosisBlocks() {}

  static List<LayoutBlock> render(Diagnosis diagnosis, Duration elapsed) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(verdict(diagnosis)))));
    blocks.add(section(s -> s.text(markdownText(checks(diagnosis.checks())))));
    if (!diagnosis.steps().isEmpty()) {
      blocks.add(divider());
      blocks.add(section(s -> s.text(markdownText(steps(diagnosis.steps())))));
    }
    blocks.add(context(c -> c.elements(List.of(markdownText(footer(diagnosis, elapsed))))));
    return blocks;
  }

  static String verdict(Diagnosis diagnosis) {
    Cause cause = diagnosis.cause();
    String label =
        switch (diagnosis.certainty()) {
          case CONFIRMED -> cause == Cause.OK ? "✅" : "❌";
          case LIKELY -> "⚠️ Likely cause:";
          case UNKNOWN -> "❔";
        };
    return label + " *" + cause.code() + "* — " + Mrkdwn.escape(diagnosis.headline());
  }

  /** The {@code doctor} report: one line per check of the app's own set-up. */
  static List<LayoutBlock> doctor(List<Check> lines) {
    return List.of(
        section(s -> s.text(markdownText("*App set-up* — " + doctorSummary(lines)))),
        section(s -> s.text(markdownText(checks(lines)))));
  }

  static String doctorSummary(List<Check> lines) {
    long failed = lines.stream().filter(c -> c.mark() == Mark.FAIL).count();
    long unsure =
        lines.stream().filter(c -> c.mark() != Mark.PASS && c.mark() != Mark.FAIL).count();
    if (failed > 0) {
      return "❌ " + failed + " problem(s) need fixing";
    }
    return unsure > 0 ? "⚠️ working, " + unsure + " point(s) to look at" : "✅ all good";
  }

  static String doctorOutcome(List<Check> lines) {
    return lines.stream().anyMatch(c -> c.mark() == Mark.FAIL) ? "DOCTOR_PROBLEMS" : "DOCTOR_OK";
  }

  private static String checks(List<Check> checks) {
    return checks.stream()
        .map(c -> c.mark().emoji() + " *" + c.name() + "*: " + Mrkdwn.literal(c.evidence()))
        .collect(Collectors.joining("\n"));
  }

  private static String steps(List<FixStep> steps) {
    StringBuilder text = new StringBuilder("*How to fix*");
    for (int i = 0; i < steps.size(); i++) {
      FixStep step = steps.get(i);
      text.append('\n')
          .append(i + 1)
          .append(". *")
          .append(step.actor().label())
          .append("*: ")
          .append(Mrkdwn.escape(step.instruction()));
      step.link()
          .ifPresent(
              link ->
                  text.append(" <")
                      .append(link.url())
                      .append('|')
                      .append(Mrkdwn.escape(link.label()))
                      .append('>'));
    }
    return text.toString();
  }

  private static String footer(Diagnosis diagnosis, Duration elapsed) {
    TokenState token = diagnosis.token();
    String tokenPart =
        switch (token.status()) {
          case STORED ->
              "Token "
                  + token.fingerprint().orElseThrow()
                  + " of <@"
                  + diagnosis.slackUserId()
                  + ">, stored "
                  + slackDate(token.storedAt().orElseThrow());
          case ABSENT -> "No token stored for <@" + diagnosis.slackUserId() + ">";
          case UNREADABLE -> "Stored token of <@" + diagnosis.slackUserId() + "> is unreadable";
        };
    return tokenPart + " · checked in " + elapsed.toMillis() + " ms";
  }

  /** Slack shows this date in each reader's own time zone; the fallback is UTC. */
  private static String slackDate(Instant instant) {
    return "<!date^"
        + instant.getEpochSecond()
        + "^{date_short_pretty} at {time}|"
        + FALLBACK_TIME.format(instant)
        + ">";
  }
}
