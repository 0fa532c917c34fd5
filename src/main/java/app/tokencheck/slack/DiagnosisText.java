package app.tokencheck.slack;

import app.tokencheck.diagnosis.Diagnosis;

/**
 * Renders a diagnosis as one line of text: the message's top-level {@code text}, shown in
 * notifications and read by screen readers.
 */
final class DiagnosisText {
  private DiagnosisText() {}

  static String render(Diagnosis diagnosis) {
    String token = diagnosis.token().fingerprint().map(f -> " (token " + f + ")").orElse("");
    return diagnosis.cause().code() + ": " + Mrkdwn.escape(diagnosis.headline()) + token;
  }
}
