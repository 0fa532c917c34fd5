package app.tokencheck.clearfeed;

import java.time.Duration;
import java.util.Optional;

/**
 * What ClearFeed said when a token was used for a ticketing read, classified by HTTP status.
 *
 * @param outcome the class of answer
 * @param status the HTTP status, or 0 when no response arrived
 * @param retryAfter ClearFeed's {@code Retry-After}, when it sent one with a 429
 */
public record TokenProbe(Outcome outcome, int status, Optional<Duration> retryAfter) {

  /** The classes of answer a token probe can get. */
  public enum Outcome {
    /** 2xx: the token works. */
    ACCEPTED,
    /** 401: the token is unknown to ClearFeed (deleted, regenerated or mistyped). */
    REJECTED,
    /** 403 with {@code "error": "FORBIDDEN"}: ClearFeed found no matching Slack profile. */
    FORBIDDEN_SLACK_PROFILE,
    /** 403 whose body is not the documented one. */
    FORBIDDEN_OTHER,
    /** 429. */
    RATE_LIMITED,
    /** 5xx. */
    SERVER_ERROR,
    /** No answer within the timeout. */
    TIMED_OUT,
    /** The connection could not be made or broke. */
    CONNECTION_FAILED,
    /** Any other status: ClearFeed answered, but not in a way that says anything of the token. */
    UNEXPECTED_STATUS,
    /** The probe was not made because there is no usable token. */
    NOT_RUN
  }

  public static TokenProbe notRun() {
    return new TokenProbe(Outcome.NOT_RUN, 0, Optional.empty());
  }

  static TokenProbe of(Outcome outcome, int status) {
    return new TokenProbe(outcome, status, Optional.empty());
  }

  /** True when the answer says nothing about the token: the check could not tell. */
  public boolean inconclusive() {
    return switch (outcome) {
      case RATE_LIMITED,
          SERVER_ERROR,
          TIMED_OUT,
          CONNECTION_FAILED,
          UNEXPECTED_STATUS,
          FORBIDDEN_OTHER ->
          true;
      default -> false;
    };
  }

  /** True for both kinds of 403. */
  public boolean forbidden() {
    return outcome == Outcome.FORBIDDEN_SLACK_PROFILE || outcome == Outcome.FORBIDDEN_OTHER;
  }
}
