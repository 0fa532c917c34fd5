package app.tokencheck.clearfeed;

import java.util.Optional;

/**
 * The result of asking ClearFeed for its record of one Slack user.
 *
 * @param user the record when {@link Outcome#FOUND}
 * @param status the HTTP status of the answer, or 0 when none arrived
 */
public record UserRecord(Outcome outcome, Optional<ClearFeedUser> user, int status) {

  /** The classes of answer. */
  public enum Outcome {
    FOUND,
    /** ClearFeed answered but listed no such user. */
    ABSENT,
    /** No usable answer: an error status, a timeout or an unreadable body. */
    FAILED,
    /** Not asked, because there was no token to ask with. */
    NOT_RUN
  }

  public static UserRecord notRun() {
    return new UserRecord(Outcome.NOT_RUN, Optional.empty(), 0);
  }

  static UserRecord failed(int status) {
    return new UserRecord(Outcome.FAILED, Optional.empty(), status);
  }
}
