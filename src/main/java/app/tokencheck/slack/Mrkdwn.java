package app.tokencheck.slack;

/**
 * Makes text from people, Slack profiles or ClearFeed safe to put into Slack's mrkdwn.
 *
 * <p>Slack turns {@code <…>} into mentions, channel pings and links; escaping the three control
 * characters is the documented way to show such text literally.
 */
final class Mrkdwn {
  private Mrkdwn() {}

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
