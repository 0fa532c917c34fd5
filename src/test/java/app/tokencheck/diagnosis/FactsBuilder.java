package app.tokencheck.diagnosis;

import app.tokencheck.clearfeed.ClearFeedUser;
import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackFailure;
import app.tokencheck.slackdirectory.SlackUser;
import app.tokencheck.slackdirectory.UserLookup;
import app.tokencheck.slackdirectory.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the facts about a healthy person: Ada, an active full member U1 of workspace T1 with the
 * confirmed email ada@example.com, whose stored token ClearFeed accepts. Each {@code with…} method
 * changes one thing.
 */
final class FactsBuilder {
  static final String USER_ID = "U1";
  static final String TEAM_ID = "T1";
  static final String EMAIL = "ada@example.com";
  static final String FINGERPRINT = "…abcd";
  static final Set<String> ALL_SCOPES = Set.of("commands", "users:read", "users:read.email");

  private Workspace workspace =
      new Workspace(Optional.of(TEAM_ID), Optional.of(ALL_SCOPES), Optional.empty());
  private Optional<UserLookup> account = Optional.empty();
  private String teamId = TEAM_ID;
  private List<String> teams = List.of();
  private boolean deleted;
  private boolean restricted;
  private boolean ultraRestricted;
  private boolean stranger;
  private Optional<String> email = Optional.of(EMAIL);
  private SlackUser.EmailConfirmation emailConfirmation = SlackUser.EmailConfirmation.CONFIRMED;
  private TokenState token =
      TokenState.stored(FINGERPRINT, Instant.parse("2026-01-05T09:00:00Z"), Optional.of(EMAIL));
  private TokenProbe probe = new TokenProbe(TokenProbe.Outcome.ACCEPTED, 200, Optional.empty());
  private EmailLookup emailLookup =
      new EmailLookup(EmailLookup.Outcome.FOUND, Optional.of(USER_ID), "");
  private UserRecord serviceRecord = UserRecord.notRun();
  private UserRecord clearFeedRecord =
      new UserRecord(
          UserRecord.Outcome.FOUND,
          Optional.of(new ClearFeedUser(USER_ID, "Ada", Optional.of(EMAIL), false)),
          200);

  static FactsBuilder healthy() {
    return new FactsBuilder();
  }

  FactsBuilder withWorkspace(Workspace newWorkspace) {
    workspace = newWorkspace;
    return this;
  }

  FactsBuilder withScopes(String... scopes) {
    workspace = new Workspace(workspace.teamId(), Optional.of(Set.of(scopes)), Optional.empty());
    return this;
  }

  FactsBuilder withUnknownScopes() {
    workspace = new Workspace(workspace.teamId(), Optional.empty(), Optional.empty());
    return this;
  }

  FactsBuilder withBotTokenRefused(String error) {
    workspace =
        new Workspace(
            Optional.empty(),
            Optional.empty(),
            Optional.of(new SlackFailure(SlackFailure.Kind.APP_REJECTED, error)));
    return withAccountFailure(UserLookup.Outcome.APP_REJECTED, error);
  }

  /** Replaces Slack's {@code users.info} answer with a failure. */
  FactsBuilder withAccountFailure(UserLookup.Outcome outcome, String error) {
    account = Optional.of(new UserLookup(outcome, Optional.empty(), error));
    return this;
  }

  FactsBuilder withDeactivatedAccount() {
    deleted = true;
    return this;
  }

  FactsBuilder withMultiChannelGuest() {
    restricted = true;
    return this;
  }

  FactsBuilder withSingleChannelGuest() {
    ultraRestricted = true;
    return this;
  }

  FactsBuilder withStranger() {
    stranger = true;
    return this;
  }

  FactsBuilder withHomeTeam(String home, String... otherTeams) {
    teamId = home;
    teams = List.of(otherTeams);
    return this;
  }

  FactsBuilder withProfileEmail(String address, boolean confirmed) {
    return withProfileEmail(
        address,
        confirmed
            ? SlackUser.EmailConfirmation.CONFIRMED
            : SlackUser.EmailConfirmation.UNCONFIRMED);
  }

  FactsBuilder withProfileEmail(String address, SlackUser.EmailConfirmation confirmation) {
    email = Optional.of(address);
    emailConfirmation = confirmation;
    return this;
  }

  FactsBuilder withoutProfileEmail() {
    email = Optional.empty();
    emailConfirmation = SlackUser.EmailConfirmation.UNCONFIRMED;
    return this;
  }

  FactsBuilder withToken(TokenState newToken) {
    token = newToken;
    if (newToken.status() != TokenState.Status.STORED) {
      probe = TokenProbe.notRun();
      emailLookup = EmailLookup.notRun();
      clearFeedRecord = UserRecord.notRun();
    }
    return this;
  }

  FactsBuilder withSignInEmail(String address) {
    token =
        TokenState.stored(
            token.fingerprint().orElseThrow(),
            token.storedAt().orElseThrow(),
            Optional.of(address));
    return this;
  }

  FactsBuilder withoutSignInEmail() {
    token =
        TokenState.stored(
            token.fingerprint().orElseThrow(), token.storedAt().orElseThrow(), Optional.empty());
    emailLookup = EmailLookup.notRun();
    return this;
  }

  FactsBuilder withProbe(TokenProbe.Outcome outcome, int status) {
    probe = new TokenProbe(outcome, status, Optional.empty());
    if (outcome != TokenProbe.Outcome.ACCEPTED) {
      clearFeedRecord = new UserRecord(UserRecord.Outcome.FAILED, Optional.empty(), status);
    }
    return this;
  }

  /** ClearFeed refuses the token with its documented Slack-profile 403. */
  FactsBuilder withForbiddenToken() {
    return withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403);
  }

  FactsBuilder withRateLimit(Duration retryAfter) {
    probe = new TokenProbe(TokenProbe.Outcome.RATE_LIMITED, 429, Optional.of(retryAfter));
    clearFeedRecord = new UserRecord(UserRecord.Outcome.FAILED, Optional.empty(), 429);
    return this;
  }

  FactsBuilder withEmailLookup(EmailLookup lookup) {
    emailLookup = lookup;
    return this;
  }

  FactsBuilder withEmailFoundOn(String userId) {
    return withEmailLookup(new EmailLookup(EmailLookup.Outcome.FOUND, Optional.of(userId), ""));
  }

  FactsBuilder withEmailLookupFailing(EmailLookup.Outcome outcome, String error) {
    return withEmailLookup(new EmailLookup(outcome, Optional.empty(), error));
  }

  /** ClearFeed's record as read with the workspace-level token. */
  FactsBuilder withServiceRecord(UserRecord record) {
    serviceRecord = record;
    return this;
  }

  FactsBuilder withClearFeedRecord(UserRecord record) {
    clearFeedRecord = record;
    return this;
  }

  Facts build() {
    UserLookup lookup =
        account.orElseGet(
            () ->
                new UserLookup(
                    UserLookup.Outcome.FOUND,
                    Optional.of(
                        new SlackUser(
                            USER_ID,
                            teamId,
                            teams,
                            "Ada",
                            deleted,
                            restricted,
                            ultraRestricted,
                            stranger,
                            false,
                            email,
                            emailConfirmation)),
                    ""));
    return new Facts(
        USER_ID, workspace, lookup, token, probe, emailLookup, clearFeedRecord, serviceRecord);
  }
}
