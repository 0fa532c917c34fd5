package app.tokencheck.diagnosis;

import app.tokencheck.clearfeed.ClearFeedUser;
import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackUser;
import app.tokencheck.slackdirectory.UserLookup;
import app.tokencheck.slackdirectory.Workspace;
import java.util.Optional;

/** Computes each check line of a diagnosis from the facts, independently of the verdict. */
final class CheckLines {
  static final String SLACK_ACCOUNT = "Slack account";
  static final String PROFILE_EMAIL = "Slack profile email";
  static final String EMAIL_MAPPING = "Email mapping";
  static final String TOKEN = "ClearFeed token";
  static final String CLEARFEED_RECORD = "ClearFeed record";
  static final String ROLE = "Agent/Responder role";

  private CheckLines() {}

  static Check slackAccount(Facts facts) {
    UserLookup account = facts.account();
    if (facts.workspace().tokenRejected()) {
      return fail(
          SLACK_ACCOUNT,
          "Slack refused this app's own bot token ("
              + facts.workspace().failure().orElseThrow().detail()
              + "), so no account could be read");
    }
    return switch (account.outcome()) {
      case FOUND -> accountFound(account.user().orElseThrow(), facts.workspace());
      case NOT_FOUND -> fail(SLACK_ACCOUNT, "Slack has no user " + facts.slackUserId());
      case NOT_VISIBLE ->
          fail(
              SLACK_ACCOUNT,
              "Slack hides "
                  + facts.slackUserId()
                  + " from this app (user_not_visible), as it does for members of other"
                  + " organizations");
      case APP_REJECTED ->
          fail(SLACK_ACCOUNT, "Slack refused this app's bot token (" + account.error() + ")");
      case MISSING_SCOPE ->
          fail(
              SLACK_ACCOUNT,
              "This app lacks the Slack scope " + account.error() + " needed to read accounts");
      case UNREACHABLE ->
          unknown(SLACK_ACCOUNT, "Slack did not answer usefully (" + account.error() + ")");
    };
  }

  private static Check accountFound(SlackUser user, Workspace workspace) {
    String who = user.displayName() + " (" + user.id() + ")";
    if (user.deleted()) {
      return fail(SLACK_ACCOUNT, who + " is deactivated in Slack");
    }
    if (user.ultraRestricted()) {
      return fail(SLACK_ACCOUNT, who + " is a single-channel guest, not a full member");
    }
    if (user.restricted()) {
      return fail(SLACK_ACCOUNT, who + " is a multi-channel guest, not a full member");
    }
    if (user.stranger()) {
      return fail(SLACK_ACCOUNT, who + " belongs to another organization (Slack Connect)");
    }
    if (workspace.teamId().isPresent() && !user.belongsTo(workspace.teamId().get())) {
      return fail(
          SLACK_ACCOUNT, who + " belongs to workspace " + user.teamId() + ", not to this one");
    }
    if (user.bot()) {
      return new Check(SLACK_ACCOUNT, Mark.WARN, who + " is a bot, not a person");
    }
    return pass(SLACK_ACCOUNT, who + " is an active full member of this workspace");
  }

  static Check profileEmail(Facts facts) {
    Optional<SlackUser> user = facts.account().user();
    if (user.isEmpty()) {
      return unknown(PROFILE_EMAIL, "Not checked: no Slack account was read");
    }
    Optional<String> email = user.get().email();
    if (email.isPresent()) {
      return switch (user.get().emailConfirmation()) {
        case CONFIRMED -> pass(PROFILE_EMAIL, email.get() + " is on the profile and confirmed");
        case UNCONFIRMED ->
            fail(PROFILE_EMAIL, email.get() + " is on the profile but not confirmed");
        case NOT_STATED ->
            pass(
                PROFILE_EMAIL,
                email.get() + " is on the profile (Slack did not say whether it is confirmed)");
      };
    }
    if (facts.workspace().lacks(Workspace.EMAIL_SCOPE)) {
      return fail(
          PROFILE_EMAIL, "This app cannot see emails: its users:read.email scope is not granted");
    }
    if (facts.workspace().scopes().isEmpty()) {
      return fail(
          PROFILE_EMAIL,
          "Slack returned no email: the profile has none, or this app lacks users:read.email");
    }
    return fail(PROFILE_EMAIL, "The Slack profile shows no email");
  }

  static Check emailMapping(Facts facts) {
    Optional<String> signIn = facts.token().signInEmail();
    if (signIn.isEmpty()) {
      return unknown(
          EMAIL_MAPPING,
          "No ClearFeed sign-in email was saved with the token, so the mapping was not compared");
    }
    Optional<SlackUser> user = facts.account().user();
    if (user.isPresent() && Diagnoser.signInEmailDiffers(facts, user.get())) {
      return fail(
          EMAIL_MAPPING,
          "ClearFeed sign-in email "
              + signIn.get()
              + " differs from the Slack profile email "
              + user.get().email().orElseThrow());
    }
    return lookupLine(facts.emailLookup(), signIn.get(), user);
  }

  private static Check lookupLine(EmailLookup lookup, String email, Optional<SlackUser> user) {
    return switch (lookup.outcome()) {
      case FOUND ->
          user.isPresent() && !lookup.userId().orElseThrow().equals(user.get().id())
              // Without the member's ID: anyone can type any address into their own token form,
              // and this line must not tell them who owns it.
              ? fail(EMAIL_MAPPING, email + " belongs to another member of this workspace")
              : pass(
                  EMAIL_MAPPING, "Slack finds this person by the ClearFeed sign-in email " + email);
      case NOT_FOUND -> fail(EMAIL_MAPPING, "No active Slack member has the email " + email);
      case MISSING_SCOPE ->
          fail(EMAIL_MAPPING, "This app cannot look up emails: users:read.email is not granted");
      case APP_REJECTED ->
          fail(EMAIL_MAPPING, "Slack refused this app's bot token (" + lookup.error() + ")");
      case UNREACHABLE ->
          unknown(EMAIL_MAPPING, "Slack did not answer the email lookup (" + lookup.error() + ")");
      case NOT_RUN -> unknown(EMAIL_MAPPING, "Not checked");
    };
  }

  static Check token(Facts facts) {
    TokenState token = facts.token();
    if (token.status() == TokenState.Status.ABSENT) {
      return fail(TOKEN, "No token is stored for " + facts.slackUserId());
    }
    if (token.status() == TokenState.Status.UNREADABLE) {
      return fail(TOKEN, "A token is stored but cannot be decrypted with this app's current key");
    }
    String which = "Token " + token.fingerprint().orElseThrow();
    TokenProbe probe = facts.probe();
    return switch (probe.outcome()) {
      case ACCEPTED ->
          pass(TOKEN, which + " was accepted by ClearFeed (HTTP " + probe.status() + ")");
      case REJECTED ->
          fail(
              TOKEN,
              which
                  + " was rejected by ClearFeed (HTTP 401): it is deleted, regenerated"
                  + " or mistyped");
      case FORBIDDEN_SLACK_PROFILE ->
          fail(
              TOKEN,
              "ClearFeed answered 403 FORBIDDEN to token "
                  + token.fingerprint().orElseThrow()
                  + ": it found no matching profile in the Slack workspace");
      case FORBIDDEN_OTHER ->
          unknown(
              TOKEN,
              which
                  + " got HTTP 403, but the answer was not ClearFeed's (no FORBIDDEN error):"
                  + " a proxy or firewall may be in the way, or CLEARFEED_API_URL may point"
                  + " elsewhere, so the token could not be tested");
      case RATE_LIMITED ->
          unknown(
              TOKEN,
              "ClearFeed is rate limiting (HTTP 429)"
                  + probe.retryAfter().map(d -> ", retry after " + d.toSeconds() + " s").orElse("")
                  + ": the token could not be tested");
      case SERVER_ERROR ->
          unknown(
              TOKEN,
              "ClearFeed had an error (HTTP "
                  + probe.status()
                  + "): the token could not be tested");
      case TIMED_OUT ->
          unknown(TOKEN, "ClearFeed did not answer in time: the token could not be" + " tested");
      case CONNECTION_FAILED ->
          unknown(TOKEN, "ClearFeed could not be reached: the token could" + " not be tested");
      case UNEXPECTED_STATUS ->
          unknown(
              TOKEN,
              probe.status() == 406
                  ? "ClearFeed answered HTTP 406: it says its account is not connected to Slack,"
                      + " so the token could not be tested"
                  : "ClearFeed answered HTTP "
                      + probe.status()
                      + ", which says nothing about the token");
      case NOT_RUN -> unknown(TOKEN, "Not tested");
    };
  }

  static Check clearFeedRecord(Facts facts) {
    UserRecord record;
    String source;
    if (facts.probe().outcome() == TokenProbe.Outcome.ACCEPTED) {
      record = facts.clearFeedRecord();
      source = "";
    } else if (facts.serviceRecord().outcome() != UserRecord.Outcome.NOT_RUN) {
      record = facts.serviceRecord();
      source = " (read with the workspace token)";
    } else {
      return unknown(CLEARFEED_RECORD, "Not read: it needs a token that ClearFeed accepts");
    }
    Check line = recordLine(record, facts);
    return new Check(line.name(), line.mark(), line.evidence() + source);
  }

  private static Check recordLine(UserRecord record, Facts facts) {
    return switch (record.outcome()) {
      case FOUND -> recordFound(record.user().orElseThrow(), facts.account().user());
      case ABSENT ->
          new Check(
              CLEARFEED_RECORD,
              Mark.WARN,
              "ClearFeed lists no user " + facts.slackUserId() + " among its Slack users");
      case FAILED ->
          unknown(
              CLEARFEED_RECORD,
              "ClearFeed did not return its record"
                  + (record.status() > 0 ? " (HTTP " + record.status() + ")" : ""));
      case NOT_RUN -> unknown(CLEARFEED_RECORD, "Not read");
    };
  }

  private static Check recordFound(ClearFeedUser record, Optional<SlackUser> slack) {
    if (record.deleted()) {
      return new Check(CLEARFEED_RECORD, Mark.WARN, "ClearFeed marks this user as deactivated");
    }
    Optional<String> slackEmail = slack.flatMap(SlackUser::email);
    if (record.email().isPresent()
        && slackEmail.isPresent()
        && !record.email().get().equalsIgnoreCase(slackEmail.get())) {
      return new Check(
          CLEARFEED_RECORD,
          Mark.WARN,
          "ClearFeed has the email " + record.email().get() + ", Slack has " + slackEmail.get());
    }
    return pass(CLEARFEED_RECORD, "ClearFeed knows this user as active, matching Slack");
  }

  static Check role() {
    return unknown(
        ROLE,
        "ClearFeed's API does not expose roles: a ClearFeed admin must confirm the Agent or"
            + " Responder role in ClearFeed → Settings → Users");
  }

  private static Check pass(String name, String evidence) {
    return new Check(name, Mark.PASS, evidence);
  }

  private static Check fail(String name, String evidence) {
    return new Check(name, Mark.FAIL, evidence);
  }

  private static Check unknown(String name, String evidence) {
    return new Check(name, Mark.UNKNOWN, evidence);
  }
}
