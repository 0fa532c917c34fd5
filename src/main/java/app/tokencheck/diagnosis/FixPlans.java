package app.tokencheck.diagnosis;

import static app.tokencheck.diagnosis.Actor.ANYONE;
import static app.tokencheck.diagnosis.Actor.CLEARFEED_ADMIN;
import static app.tokencheck.diagnosis.Actor.SLACK_ADMIN;
import static app.tokencheck.diagnosis.Actor.TOKEN_OWNER;

import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.UserLookup;
import java.util.List;

/** The headline and the numbered fix for each cause. */
final class FixPlans {
  static final String CLEARFEED_APP = "https://web.clearfeed.app";
  static final String DEVELOPER_SETTINGS = CLEARFEED_APP + "/settings/developer-settings";
  static final String SLACK_APPS = "https://api.slack.com/apps";
  static final String SLACK_ACCOUNT = "https://my.slack.com/account/settings";
  static final String COMMAND = "/clearfeed-token-check";

  private FixPlans() {}

  static String headline(Cause cause, Facts facts) {
    return switch (cause) {
      case SLACK_APP_MISCONFIGURED ->
          appTokenBroken(facts)
              ? "This app's own Slack access is broken, so it cannot check anyone"
              : "This app lacks a Slack scope it needs to explain ClearFeed's 403";
      case SLACK_UNREACHABLE -> "Could not tell: Slack did not answer about this person";
      case SLACK_USER_NOT_FOUND -> "Slack has no such user in this workspace";
      case SLACK_USER_DEACTIVATED -> "The token owner's Slack account is deactivated";
      case SLACK_GUEST_OR_EXTERNAL ->
          "The token owner is a guest or an outside member, and ClearFeed treats them as a"
              + " customer";
      case NO_TOKEN -> "No usable ClearFeed token is stored for this person";
      case TOKEN_INVALID -> "ClearFeed does not know this token: it was deleted or regenerated";
      case CLEARFEED_RATE_LIMITED -> "Could not tell: ClearFeed is rate limiting requests";
      case CLEARFEED_NOT_CONNECTED ->
          "ClearFeed says its account is not connected to Slack: a ClearFeed admin must connect it";
      case CLEARFEED_UNREACHABLE -> "Could not tell: ClearFeed did not answer usefully";
      case EMAIL_NOT_VISIBLE ->
          "ClearFeed cannot match the person: the Slack profile has no confirmed email";
      case EMAIL_MISMATCH ->
          "ClearFeed cannot match the person: the ClearFeed and Slack emails differ";
      case PROFILE_NOT_LINKED -> profileNotLinkedHeadline(facts);
      case OK -> "The token works";
    };
  }

  static List<FixStep> steps(Cause cause, Facts facts) {
    return switch (cause) {
      case SLACK_APP_MISCONFIGURED -> appTokenBroken(facts) ? reinstall() : addEmailScope();
      case SLACK_UNREACHABLE ->
          List.of(
              FixStep.of(ANYONE, "Wait a minute, then run `" + COMMAND + "` again."),
              FixStep.of(
                  ANYONE,
                  "If it keeps failing, check Slack's status page.",
                  "Slack status",
                  "https://slack-status.com"));
      case SLACK_USER_NOT_FOUND ->
          List.of(
              FixStep.of(
                  SLACK_ADMIN,
                  "Make sure the person has an account in this workspace (Manage members)."),
              FixStep.of(
                  CLEARFEED_ADMIN,
                  "Invite the person to ClearFeed with the email of that Slack account."));
      case SLACK_USER_DEACTIVATED ->
          List.of(
              FixStep.of(
                  SLACK_ADMIN,
                  "Reactivate the account in Slack (Manage members) if the person still works"
                      + " here."),
              FixStep.of(
                  CLEARFEED_ADMIN,
                  "If the person has left, remove them in ClearFeed → Settings → Users; their"
                      + " token will not work again."));
      case SLACK_GUEST_OR_EXTERNAL ->
          List.of(
              FixStep.of(
                  SLACK_ADMIN,
                  "Make the person a full member of this workspace (guests and Slack Connect"
                      + " members of other organizations cannot act as agents)."),
              // Anyone: the owner has nothing to change, so nothing is handed over to them.
              FixStep.of(ANYONE, "Then run `" + COMMAND + "` again."));
      case NO_TOKEN -> storeToken(facts);
      case TOKEN_INVALID -> newToken();
      case CLEARFEED_RATE_LIMITED ->
          List.of(
              FixStep.of(
                  ANYONE,
                  "Wait "
                      + facts
                          .probe()
                          .retryAfter()
                          .map(d -> d.toSeconds() + " seconds")
                          .orElse("a minute")
                      + ", then run `"
                      + COMMAND
                      + "` again. Nothing shows the token is broken."));
      case CLEARFEED_NOT_CONNECTED ->
          List.of(
              FixStep.of(
                  CLEARFEED_ADMIN,
                  "In ClearFeed, connect the ClearFeed account to this Slack workspace, or reconnect"
                      + " it if the connection was lost: ClearFeed answers HTTP 406 while its"
                      + " account is not connected to Slack.",
                  "ClearFeed",
                  CLEARFEED_APP),
              // Anyone: the owner has nothing to change, so nothing is handed over to them.
              FixStep.of(
                  ANYONE, "Then run `" + COMMAND + "` again. Nothing shows the token is broken."));
      case CLEARFEED_UNREACHABLE -> unreachable(facts);
      case EMAIL_NOT_VISIBLE -> confirmEmail();
      case EMAIL_MISMATCH -> alignEmails();
      case PROFILE_NOT_LINKED -> relink();
      case OK -> List.of();
    };
  }

  private static List<FixStep> unreachable(Facts facts) {
    FixStep again =
        FixStep.of(
            ANYONE,
            "Run `" + COMMAND + "` again in a few minutes. Nothing shows the token is broken.");
    if (facts.probe().outcome() != TokenProbe.Outcome.FORBIDDEN_OTHER) {
      return List.of(again);
    }
    // Waiting rarely clears a foreign 403: something between the app and ClearFeed answers.
    return List.of(
        again,
        FixStep.of(
            ANYONE,
            "If it keeps failing, ask support staff to run `"
                + COMMAND
                + " doctor`: its ClearFeed API line shows whether a proxy or a wrong"
                + " CLEARFEED_API_URL is in the way."));
  }

  private static String profileNotLinkedHeadline(Facts facts) {
    UserRecord record = facts.serviceRecord();
    if (record.outcome() == UserRecord.Outcome.ABSENT) {
      return "ClearFeed has no record of this Slack user: a ClearFeed admin must add them";
    }
    if (record.user().map(u -> u.deleted()).orElse(false)) {
      return "ClearFeed marks this person as deactivated: a ClearFeed admin must reactivate them";
    }
    return "Slack looks right, so the link between Slack and ClearFeed must be fixed in ClearFeed";
  }

  private static boolean appTokenBroken(Facts facts) {
    return facts.workspace().tokenRejected()
        || facts.emailLookup().outcome() == EmailLookup.Outcome.APP_REJECTED
        || facts.account().outcome() == UserLookup.Outcome.APP_REJECTED
        || facts.account().outcome() == UserLookup.Outcome.MISSING_SCOPE;
  }

  private static List<FixStep> reinstall() {
    return List.of(
        FixStep.of(
            SLACK_ADMIN,
            "Open the app's settings, check its scopes against manifest.yml, and reinstall it"
                + " to the workspace.",
            "Slack apps",
            SLACK_APPS),
        FixStep.of(
            SLACK_ADMIN,
            "Copy the new Bot User OAuth Token into the app's SLACK_BOT_TOKEN setting and"
                + " restart it."));
  }

  private static List<FixStep> addEmailScope() {
    return List.of(
        FixStep.of(
            SLACK_ADMIN,
            "Add the bot scope `users:read.email` (OAuth & Permissions), then reinstall the app"
                + " to the workspace: a new scope takes effect only after reinstalling.",
            "Slack apps",
            SLACK_APPS),
        FixStep.of(ANYONE, "Then run `" + COMMAND + "` again."));
  }

  private static List<FixStep> storeToken(Facts facts) {
    String first =
        facts.token().status() == TokenState.Status.UNREADABLE
            ? "The stored token can no longer be decrypted (the app's key changed). Create a"
                + " new token in ClearFeed Developer Settings."
            : "Create a token in ClearFeed Developer Settings.";
    return List.of(
        FixStep.of(TOKEN_OWNER, first, "Developer Settings", DEVELOPER_SETTINGS),
        FixStep.of(TOKEN_OWNER, "Run `" + COMMAND + " set` and paste it into the form."),
        FixStep.of(TOKEN_OWNER, "Run `" + COMMAND + "` to check it."));
  }

  private static List<FixStep> newToken() {
    return List.of(
        FixStep.of(
            TOKEN_OWNER,
            "Generate a new token in ClearFeed Developer Settings (one token per person: the"
                + " new one replaces the old).",
            "Developer Settings",
            DEVELOPER_SETTINGS),
        FixStep.of(TOKEN_OWNER, "Save it with `" + COMMAND + " set`."),
        FixStep.of(
            TOKEN_OWNER,
            "Replace the old token wherever else it is used (scripts, integrations)."));
  }

  private static List<FixStep> confirmEmail() {
    return List.of(
        FixStep.of(
            TOKEN_OWNER,
            "In Slack's Account settings (your profile → ⋮ → Account settings), set your work"
                + " email under Email address, and confirm it from the message Slack sends.",
            "Account settings",
            SLACK_ACCOUNT),
        FixStep.of(
            SLACK_ADMIN,
            "If members cannot change their email (with single sign-on, for example), change it"
                + " for this person in the workspace's admin pages: People (Manage members) → ⋮ →"
                + " Edit profile."),
        FixStep.of(TOKEN_OWNER, "Run `" + COMMAND + "` again."));
  }

  private static List<FixStep> alignEmails() {
    return List.of(
        FixStep.of(
            TOKEN_OWNER,
            "Make your Slack profile email and your ClearFeed sign-in email the same address."),
        FixStep.of(
            CLEARFEED_ADMIN,
            "If the person should sign in to ClearFeed with their Slack email, invite that"
                + " address in ClearFeed → Settings → Users."),
        FixStep.of(
            TOKEN_OWNER,
            "Generate a new token while signed in with the matching account, and save it with `"
                + COMMAND
                + " set`.",
            "Developer Settings",
            DEVELOPER_SETTINGS));
  }

  private static List<FixStep> relink() {
    return List.of(
        FixStep.of(
            CLEARFEED_ADMIN,
            "In ClearFeed → Settings → Users, check that the person is active, signs in with"
                + " their Slack profile email, and has the Agent or Responder role."),
        FixStep.of(
            TOKEN_OWNER,
            "Generate a new token (an old one can keep a stale link) and save it with `"
                + COMMAND
                + " set`.",
            "Developer Settings",
            DEVELOPER_SETTINGS),
        FixStep.of(
            CLEARFEED_ADMIN,
            "If it still fails, ask ClearFeed support to re-sync the Slack profile, quoting"
                + " the 403 FORBIDDEN error."));
  }
}
