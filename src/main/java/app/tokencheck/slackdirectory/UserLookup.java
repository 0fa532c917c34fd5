package app.tokencheck.slackdirectory;

import java.util.Optional;

/**
 * What Slack's {@code users.info} said about one user ID.
 *
 * @param user present when {@link Outcome#FOUND}
 * @param error Slack's error code, or a short description of a transport failure
 */
public record UserLookup(Outcome outcome, Optional<SlackUser> user, String error) {

  /** The classes of answer. */
  public enum Outcome {
    FOUND,
    /** {@code user_not_found}. */
    NOT_FOUND,
    /** {@code user_not_visible}: Slack hides the member from this app. */
    NOT_VISIBLE,
    /** The app's own bot token was refused ({@code invalid_auth}, {@code token_revoked}, …). */
    APP_REJECTED,
    /** The app lacks a scope; {@code error} names the missing one. */
    MISSING_SCOPE,
    /** Rate limited after one retry, a 5xx, a timeout or an unknown error: could not tell. */
    UNREACHABLE
  }

  static UserLookup failed(SlackFailure failure) {
    return new UserLookup(failure.userOutcome(), Optional.empty(), failure.detail());
  }
}
