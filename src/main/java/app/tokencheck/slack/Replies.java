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
        + " help`: this message";
  }

  static String unknown(String text) {
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
