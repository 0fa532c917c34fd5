package app.tokencheck.slackdirectory;

import java.util.List;
import java.util.Optional;

/**
 * The fields of a Slack user object that decide whether ClearFeed can match the person.
 *
 * @param teamId the member's home workspace
 * @param teams workspaces of the same Enterprise Grid organization the member belongs to
 * @param email absent when the profile has none or the app lacks {@code users:read.email}
 * @param emailConfirmation what Slack's {@code is_email_confirmed} said, if it said anything
 */
public record SlackUser(
    String id,
    String teamId,
    List<String> teams,
    String displayName,
    boolean deleted,
    boolean restricted,
    boolean ultraRestricted,
    boolean stranger,
    boolean bot,
    Optional<String> email,
    EmailConfirmation emailConfirmation) {

  /** Slack's {@code is_email_confirmed}: true, false, or left out of its answer. */
  public enum EmailConfirmation {
    CONFIRMED,
    UNCONFIRMED,
    NOT_STATED
  }

  public SlackUser {
    teams = List.copyOf(teams);
  }

  /** True for multi- and single-channel guests. */
  public boolean guest() {
    return restricted || ultraRestricted;
  }

  /** True when the member's home is {@code workspaceTeamId} or one of its organization's teams. */
  public boolean belongsTo(String workspaceTeamId) {
    return workspaceTeamId.equals(teamId) || teams.contains(workspaceTeamId);
  }

  @Override
  public String toString() {
    return "SlackUser[id=" + id + ", teamId=" + teamId + ", deleted=" + deleted + "]";
  }
}
