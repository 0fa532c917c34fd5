package app.tokencheck.slackdirectory;

import java.util.Optional;
import java.util.Set;

/**
 * What {@code auth.test} says about the app's own installation.
 *
 * @param teamId the workspace the bot token belongs to, when known
 * @param scopes the bot scopes granted, from the {@code x-oauth-scopes} header; empty when Slack
 *     did not send the header
 * @param failure why the bot token could not be confirmed, when it could not
 */
public record Workspace(
    Optional<String> teamId, Optional<Set<String>> scopes, Optional<SlackFailure> failure) {

  public static final String EMAIL_SCOPE = "users:read.email";

  public Workspace {
    scopes = scopes.map(Set::copyOf);
  }

  static Workspace confirmed(String teamId, Optional<Set<String>> scopes) {
    return new Workspace(Optional.of(teamId), scopes, Optional.empty());
  }

  static Workspace unconfirmed(SlackFailure failure) {
    return new Workspace(Optional.empty(), Optional.empty(), Optional.of(failure));
  }

  /** True when Slack refused the bot token itself. */
  public boolean tokenRejected() {
    return failure.map(f -> f.kind() == SlackFailure.Kind.APP_REJECTED).orElse(false);
  }

  /** True only when the scope list is known and lacks {@code scope}. */
  public boolean lacks(String scope) {
    return scopes.map(granted -> !granted.contains(scope)).orElse(false);
  }
}
