package app.tokencheck.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request comes from Slack: a valid signature over a timestamp that is at most five
 * minutes away from now, in either direction.
 *
 * <p>Bolt checks the signature too, but accepts timestamps in the future and compares with {@code
 * String.equals}; this check runs first and closes both gaps. It computes the same HMAC-SHA256 as
 * the SDK's {@code SlackSignature.Generator}, without that class's per-request costs: a new {@code
 * Mac} looked up and keyed for every request and a {@code String.format} per byte of the digest,
 * which made signature checks 13 % of the request threads' CPU at 64 concurrent commands
 * (docs/benchmarks.md, sixth round).
 */
final class RequestSignature {
  private static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  // Mac is not thread-safe; a keyed one per request thread is reused, doFinal resets it.
  private final ThreadLocal<Mac> macs;

  RequestSignature(String signingSecret, Clock clock) {
    SecretKeySpec key =
        new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(() -> keyed(key));
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
    // Compared as a range: the difference of two far-apart longs would overflow and could look
    // small.
    long now = clock.instant().getEpochSecond();
    if (seconds < now - MAX_SKEW.toSeconds() || seconds > now + MAX_SKEW.toSeconds()) {
      return false;
    }
    Mac mac = macs.get();
    mac.update(("v0:" + timestamp.trim() + ":").getBytes(StandardCharsets.UTF_8));
    byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    String expected = "v0=" + HEX.formatHex(digest);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac keyed(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java runtime is required to provide HmacSHA256.
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }
}
