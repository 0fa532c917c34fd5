package app.tokencheck.diagnosis;

import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackUser;
import app.tokencheck.slackdirectory.UserLookup;
import app.tokencheck.slackdirectory.Workspace;
import java.util.List;
import java.util.Optional;

/**
 * Turns facts into a diagnosis. The primary cause is the first rule that applies, in the order of
 * the table in {@code docs/diagnoses.md}; every other finding still shows as its own check line.
 */
public final class Diagnoser {

  /** ClearFeed's status for an account that is not connected to Slack. */
  private static final int NOT_CONNECTED = 406;

  private Diagnoser() {}

  public static Diagnosis diagnose(Facts facts) {
    Cause cause = cause(facts);
    List<Check> checks =
        List.of(
            CheckLines.slackAccount(facts),
            CheckLines.profileEmail(facts),
            CheckLines.emailMapping(facts),
            CheckLines.token(facts),
            CheckLines.clearFeedRecord(facts),
            CheckLines.role());
    return new Diagnosis(
        facts.slackUserId(),
        cause,
        certainty(cause, facts),
        FixPlans.headline(cause, facts),
        checks,
        FixPlans.steps(cause, facts),
        facts.token());
  }

  static Cause cause(Facts facts) {
    // The command explains why a token is refused. One that ClearFeed accepted is not, whatever
    // Slack said: a Slack-side finding stays visible on its check line but is not the verdict.
    if (facts.probe().outcome() == TokenProbe.Outcome.ACCEPTED) {
      return Cause.OK;
    }
    UserLookup account = facts.account();
    if (facts.workspace().tokenRejected()
        || account.outcome() == UserLookup.Outcome.APP_REJECTED
        || account.outcome() == UserLookup.Outcome.MISSING_SCOPE) {
      return Cause.SLACK_APP_MISCONFIGURED;
    }
    Optional<Cause> accountCause =
        switch (account.outcome()) {
          case UNREACHABLE -> Optional.of(Cause.SLACK_UNREACHABLE);
          case NOT_FOUND -> Optional.of(Cause.SLACK_USER_NOT_FOUND);
          case NOT_VISIBLE -> Optional.of(Cause.SLACK_GUEST_OR_EXTERNAL);
          default -> Optional.empty();
        };
    if (accountCause.isPresent()) {
      return accountCause.get();
    }
    SlackUser user = account.user().orElseThrow();
    if (user.deleted()) {
      return Cause.SLACK_USER_DEACTIVATED;
    }
    if (outsider(user, facts.workspace())) {
      return Cause.SLACK_GUEST_OR_EXTERNAL;
    }
    if (facts.token().status() != TokenState.Status.STORED) {
      return Cause.NO_TOKEN;
    }
    return tokenCause(facts, user);
  }

  private static Cause tokenCause(Facts facts, SlackUser user) {
    return switch (facts.probe().outcome()) {
      case ACCEPTED -> Cause.OK;
      case REJECTED -> Cause.TOKEN_INVALID;
      case RATE_LIMITED -> Cause.CLEARFEED_RATE_LIMITED;
      case FORBIDDEN_SLACK_PROFILE -> forbiddenCause(facts, user);
      // A 403 without ClearFeed's "error": "FORBIDDEN" may come from a proxy, a firewall or
      // another host at CLEARFEED_API_URL: it says nothing about the token.
      case FORBIDDEN_OTHER, SERVER_ERROR, TIMED_OUT, CONNECTION_FAILED, NOT_RUN ->
          Cause.CLEARFEED_UNREACHABLE;
      case UNEXPECTED_STATUS ->
          facts.probe().status() == NOT_CONNECTED
              ? Cause.CLEARFEED_NOT_CONNECTED
              : Cause.CLEARFEED_UNREACHABLE;
    };
  }

  private static Cause forbiddenCause(Facts facts, SlackUser user) {
    EmailLookup.Outcome lookup = facts.emailLookup().outcome();
    if (emailScopeMissing(facts) || lookup == EmailLookup.Outcome.APP_REJECTED) {
      return Cause.SLACK_APP_MISCONFIGURED;
    }
    // Only Slack saying "not confirmed" counts: an answer without the field is no evidence.
    if (user.email().isEmpty()
        || user.emailConfirmation() == SlackUser.EmailConfirmation.UNCONFIRMED) {
      return Cause.EMAIL_NOT_VISIBLE;
    }
    if (signInEmailDiffers(facts, user)
        || emailHeldElsewhere(facts, user)
        || serviceEmailDiffers(facts, user)) {
      return Cause.EMAIL_MISMATCH;
    }
    if (serviceShowsUnlinked(facts)) {
      return Cause.PROFILE_NOT_LINKED;
    }
    // PROFILE_NOT_LINKED claims every Slack-side cause was ruled out; an unanswered email
    // lookup rules nothing out.
    if (lookup == EmailLookup.Outcome.UNREACHABLE) {
      return Cause.SLACK_UNREACHABLE;
    }
    return Cause.PROFILE_NOT_LINKED;
  }

  /**
   * A missing email with an unknown scope list may be a missing {@code users:read.email} scope
   * rather than an empty profile: then the cause is only likely. A 406 is confirmed only where
   * ClearFeed documents it.
   */
  static Certainty certainty(Cause cause, Facts facts) {
    boolean emailUnexplained =
        facts.workspace().scopes().isEmpty()
            && facts.account().user().map(u -> u.email().isEmpty()).orElse(false);
    if (cause == Cause.EMAIL_NOT_VISIBLE && emailUnexplained) {
      return Certainty.LIKELY;
    }
    if (cause == Cause.PROFILE_NOT_LINKED && serviceShowsUnlinked(facts)) {
      return Certainty.CONFIRMED;
    }
    if (cause == Cause.CLEARFEED_NOT_CONNECTED && usersEndpointSaysNotConnected(facts)) {
      return Certainty.CONFIRMED;
    }
    return cause.certainty();
  }

  /**
   * ClearFeed documents 406 ("account not connected to Slack") for its users endpoint only; the
   * probe's 406 is confirmed when a read of that endpoint got it too.
   */
  private static boolean usersEndpointSaysNotConnected(Facts facts) {
    return facts.clearFeedRecord().status() == NOT_CONNECTED
        || facts.serviceRecord().status() == NOT_CONNECTED;
  }

  /** Guests, members of other organizations and members of other workspaces. */
  static boolean outsider(SlackUser user, Workspace workspace) {
    return user.guest()
        || user.stranger()
        || workspace.teamId().map(team -> !user.belongsTo(team)).orElse(false);
  }

  static boolean emailScopeMissing(Facts facts) {
    return facts.workspace().lacks(Workspace.EMAIL_SCOPE)
        || facts.emailLookup().outcome() == EmailLookup.Outcome.MISSING_SCOPE;
  }

  static boolean signInEmailDiffers(Facts facts, SlackUser user) {
    Optional<String> signIn = facts.token().signInEmail();
    return signIn.isPresent()
        && user.email().isPresent()
        && !signIn.get().equalsIgnoreCase(user.email().get());
  }

  /** ClearFeed's own record, read with the workspace token, has another email than Slack. */
  static boolean serviceEmailDiffers(Facts facts, SlackUser user) {
    Optional<String> recorded =
        facts.serviceRecord().user().flatMap(app.tokencheck.clearfeed.ClearFeedUser::email);
    return recorded.isPresent()
        && user.email().isPresent()
        && !recorded.get().equalsIgnoreCase(user.email().get());
  }

  /** ClearFeed's own record says the person is unknown or deactivated there. */
  static boolean serviceShowsUnlinked(Facts facts) {
    UserRecord record = facts.serviceRecord();
    return record.outcome() == UserRecord.Outcome.ABSENT
        || record.user().map(app.tokencheck.clearfeed.ClearFeedUser::deleted).orElse(false);
  }

  static boolean emailHeldElsewhere(Facts facts, SlackUser user) {
    EmailLookup lookup = facts.emailLookup();
    return lookup.outcome() == EmailLookup.Outcome.NOT_FOUND
        || (lookup.outcome() == EmailLookup.Outcome.FOUND
            && !lookup.userId().orElseThrow().equals(user.id()));
  }
}
