package app.tokencheck.diagnosis;

import java.time.Instant;
import java.util.Optional;

/**
 * What the store holds for the person, without the token itself.
 *
 * @param fingerprint the last characters of the token, when one is stored and readable
 * @param signInEmail the ClearFeed sign-in email the person saved, if any
 */
public record TokenState(
    Status status,
    Optional<String> fingerprint,
    Optional<Instant> storedAt,
    Optional<String> signInEmail) {

  /** Whether a usable token is stored. */
  public enum Status {
    STORED,
    ABSENT,
    /** A row exists but the current key cannot decrypt it. */
    UNREADABLE
  }

  public static TokenState absent() {
    return new TokenState(Status.ABSENT, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static TokenState unreadable() {
    return new TokenState(Status.UNREADABLE, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static TokenState stored(
      String fingerprint, Instant storedAt, Optional<String> signInEmail) {
    return new TokenState(
        Status.STORED, Optional.of(fingerprint), Optional.of(storedAt), signInEmail);
  }

  @Override
  public String toString() {
    return "TokenState[" + status + ", " + fingerprint.orElse("-") + "]";
  }
}
