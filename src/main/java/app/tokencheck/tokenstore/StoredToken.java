package app.tokencheck.tokenstore;

import java.time.Instant;
import java.util.Optional;

/**
 * A person's ClearFeed token as stored, decrypted.
 *
 * @param signInEmail the email the person signs in to ClearFeed with, when they gave it
 */
public record StoredToken(
    String slackUserId, String token, Optional<String> signInEmail, Instant storedAt) {

  /** What may be shown of the token: its last four characters. */
  public String fingerprint() {
    return fingerprintOf(token);
  }

  /**
   * The fingerprint of any token: an ellipsis and the last four characters, or the ellipsis alone
   * when the token is so short that four characters would give away too much of it.
   */
  public static String fingerprintOf(String token) {
    return token.length() < 12 ? "…" : "…" + token.substring(token.length() - 4);
  }

  @Override
  public String toString() {
    return "StoredToken[slackUserId="
        + slackUserId
        + ", token="
        + fingerprint()
        + ", storedAt="
        + storedAt
        + "]";
  }
}
