package app.tokencheck.web;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Checks that a request comes from Slack: a valid signature over a timestamp that is at most five
 * minutes away from now, in either direction.
 *
 * <p>Bolt checks the signature too, but accepts timestamps in the future and compares with {@code
 * String.equals}; this check runs first and closes both gaps.
 */
final class RequestSignature {
  private static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final SlackSignature.Generator generator;
  private final Clock clock;

  RequestSignature(String signingSecret, Clock clock) {
    this.generator = new SlackSignature.Generator(signingSecret);
    this.clock = clock;
  }

  boolean verify(String timestamp, String signature, String body) {
    if (timestamp == null || signature == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (skew > MAX_SKEW.toSeconds()) {
      return false;
    }
    String expected = generator.generate(timestamp.trim(), body);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
  }
}
