package app.tokencheck.slackdirectory;

import java.util.Optional;

/**
 * What Slack's {@code users.lookupByEmail} said about one email address.
 *
 * @param userId the member holding the address, when {@link Outcome#FOUND}
 * @param error Slack's error code or a short description of a transport failure
 */
public record EmailLookup(Outcome outcome, Optional<String> userId, String error) {

  /** The classes of answer. */
  public enum Outcome {
    FOUND,
    /** {@code users_not_found}: no active member has the address. */
    NOT_FOUND,
    APP_REJECTED,
    MISSING_SCOPE,
    UNREACHABLE,
    /** Not asked: there was no address to look up. */
    NOT_RUN
  }

  public static EmailLookup notRun() {
    return new EmailLookup(Outcome.NOT_RUN, Optional.empty(), "");
  }

  static EmailLookup failed(SlackFailure failure) {
    return new EmailLookup(failure.emailOutcome(), Optional.empty(), failure.detail());
  }
}
