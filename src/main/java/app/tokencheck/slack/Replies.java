package app.tokencheck.slack;

/** The fixed texts the command answers with. */
final class Replies {
  static final String COMMAND = "/clearfeed-token-check";

  private Replies() {}

  static String usage() {
    return "*"
        + COMMAND
        + "* tells why ClearFeed refuses your personal access token, and how to fix it.\n"
        + "• `"
        + COMMAND
        + "`: check the token you stored\n"
        + "• `"
        + COMMAND
        + " set`: store or replace your token (a private form; the token is encrypted)\n"
        + "• `"
        + COMMAND
        + " forget`: delete your stored token\n"
        + "• `"
        + COMMAND
        + " history`: your recent checks\n"
        + "• `"
        + COMMAND
        + " help`: this message\n"
        + "Support staff can also run `"
        + COMMAND
        + " @someone` (or a member ID or email), `history @someone` and `doctor`.";
  }

  static String unknown(String text) {
    if (text.isEmpty()) {
      return "That is longer than anything this command takes.\n" + usage();
    }
    return "I don't know “" + Mrkdwn.literal(shortened(text)) + "”.\n" + usage();
  }

  /** At most 60 characters of what someone typed, for quoting it back. */
  private static String shortened(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }

  static String pastedSecret() {
    return "That looks like a token typed into the message box. It was not stored and is not"
        + " shown here. Since it went through a message field, treat it as exposed: generate a"
        + " new token in <https://web.clearfeed.app/settings/developer-settings|ClearFeed"
        + " Developer Settings>, then run `"
        + COMMAND
        + " set`, which opens a private form.";
  }

  static String notAllowed() {
    return "❌ *NOT_ALLOWED* — Only support staff can check someone else's token. Run `"
        + COMMAND
        + "` alone to check your own.";
  }

  static String doctorNotAllowed() {
    return "❌ *NOT_ALLOWED* — Only support staff can run `"
        + COMMAND
        + " doctor`, which shows how the app itself is set up.";
  }

  static String noMemberWithEmail(String email) {
    return "❌ *SLACK_USER_NOT_FOUND* — No active Slack member has the email "
        + Mrkdwn.literal(email)
        + " (Slack's users.lookupByEmail found nobody). Check the address; a deactivated"
        + " account is not found either.";
  }

  static String emailLookupRefused(String error) {
    return "❌ *SLACK_APP_MISCONFIGURED* — Slack refused to look up the email ("
        + Mrkdwn.literal(error)
        + "). A Slack workspace admin must grant the app `users:read.email` and reinstall it.";
  }

  /** Slack refused the app's own bot token, so no lookup can work until it is replaced. */
  static String botTokenRefused(String error) {
    return "❌ *SLACK_APP_MISCONFIGURED* — Slack refused this app's bot token ("
        + Mrkdwn.literal(error)
        + "), so it cannot look anyone up. A Slack workspace admin must reinstall the app, put the"
        + " new Bot User OAuth Token in its SLACK_BOT_TOKEN setting and restart it.";
  }

  static String emailLookupUnanswered(String error) {
    return "❔ *SLACK_UNREACHABLE* — Slack did not answer the email lookup ("
        + Mrkdwn.literal(error)
        + "). Try again in a minute.";
  }

  static String unresolvedName() {
    return "Slack did not turn that name into a mention. Pick the person from the @ list so it"
        + " becomes a link, or give their member ID (profile → ⋮ → Copy member ID) or email.";
  }

  static String historyNeedsMember() {
    return "For someone else's history, name them with an @ mention or their member ID.";
  }

  static String checkingSomeone() {
    return "Checking that person's ClearFeed token… the answer appears here in a few seconds.";
  }

  static String checking() {
    return "Checking your ClearFeed token… the answer appears here in a few seconds.";
  }

  static String saved(String fingerprint) {
    return "Saved your ClearFeed token "
        + fingerprint
        + ". Run `"
        + COMMAND
        + "` to check it; run `"
        + COMMAND
        + " set` again to replace it.";
  }

  static String forgotten(java.util.Optional<String> fingerprint) {
    return "Deleted your stored ClearFeed token" + fingerprint.map(f -> " " + f).orElse("") + ".";
  }

  static String nothingToForget() {
    return "You have no stored ClearFeed token, so there was nothing to delete.";
  }

  static String storeUnavailable() {
    return "The app's database is unavailable right now, so nothing was read or changed. Try"
        + " again in a minute; if it persists, tell whoever runs this app.";
  }

  static String internalError() {
    return "Something went wrong inside the app, and nothing was changed. Try again; if it"
        + " persists, tell whoever runs this app.";
  }

  static String busy() {
    return "The app is handling many checks right now and could not take yours. Nothing was"
        + " changed; try again in a minute.";
  }

  static String formNotOpened(String error) {
    return "Slack did not open the form ("
        + Mrkdwn.literal(error)
        + "). Run `"
        + COMMAND
        + " set` again.";
  }
}
