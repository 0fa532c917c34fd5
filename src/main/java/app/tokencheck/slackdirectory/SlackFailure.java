package app.tokencheck.slackdirectory;

import java.util.Set;

/**
 * A Slack Web API call that did not give a usable answer, sorted by who can act on it.
 *
 * @param detail Slack's error code (with the needed scope for {@code missing_scope}), or a short
 *     description of a transport failure; never a token
 */
public record SlackFailure(Kind kind, String detail) {

  private static final Set<String> TOKEN_ERRORS =
      Set.of(
          "not_authed",
          "invalid_auth",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "no_permission",
          "team_access_not_granted");

  /** Who can act on the failure. */
  public enum Kind {
    /** The app's bot token is refused: an admin must fix the installation. */
    APP_REJECTED,
    /** The app lacks a scope: add it and reinstall. */
    MISSING_SCOPE,
    /** {@code user_not_found}, {@code users_not_found}. */
    NOT_FOUND,
    /** {@code user_not_visible}. */
    NOT_VISIBLE,
    /** Rate limit, 5xx, timeout, or an error this app does not know: could not tell. */
    UNREACHABLE
  }

  /** Sorts an {@code ok: false} answer by its error code. */
  static SlackFailure fromError(String error, String needed) {
    String code = error == null ? "unknown_error" : error;
    if (TOKEN_ERRORS.contains(code)) {
      return new SlackFailure(Kind.APP_REJECTED, code);
    }
    return switch (code) {
      case "missing_scope" ->
          new SlackFailure(Kind.MISSING_SCOPE, needed == null || needed.isBlank() ? code : needed);
      case "user_not_found", "users_not_found" -> new SlackFailure(Kind.NOT_FOUND, code);
      case "user_not_visible" -> new SlackFailure(Kind.NOT_VISIBLE, code);
      default -> new SlackFailure(Kind.UNREACHABLE, code);
    };
  }

  UserLookup.Outcome userOutcome() {
    return switch (kind) {
      case APP_REJECTED -> UserLookup.Outcome.APP_REJECTED;
      case MISSING_SCOPE -> UserLookup.Outcome.MISSING_SCOPE;
      case NOT_FOUND -> UserLookup.Outcome.NOT_FOUND;
      case NOT_VISIBLE -> UserLookup.Outcome.NOT_VISIBLE;
      case UNREACHABLE -> UserLookup.Outcome.UNREACHABLE;
    };
  }

  EmailLookup.Outcome emailOutcome() {
    return switch (kind) {
      case APP_REJECTED -> EmailLookup.Outcome.APP_REJECTED;
      case MISSING_SCOPE -> EmailLookup.Outcome.MISSING_SCOPE;
      case NOT_FOUND, NOT_VISIBLE -> EmailLookup.Outcome.NOT_FOUND;
      case UNREACHABLE -> EmailLookup.Outcome.UNREACHABLE;
    };
  }
}
