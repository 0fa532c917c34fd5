package app.tokencheck.slack;

/**
 * Makes text safe to put into Slack's mrkdwn.
 *
 * <p>Slack turns {@code <…>} into mentions, channel pings and links; escaping the three control
 * characters is the documented way to show such text literally. Slack has no escape for its
 * formatting marks, so text from outside the app also gets look-alike characters for them.
 */
final class Mrkdwn {
  private Mrkdwn() {}

  /** For text this app wrote: keeps its own {@code `code`} and {@code *bold*} marks. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * For text that holds anything from people, Slack profiles or ClearFeed: nothing in it can ping,
   * link or format. Underscores stay, because emails have them and italics harm nobody.
   */
  static String literal(String text) {
    return escape(text.replaceAll("\\p{Cntrl}", "?"))
        .replace('*', '∗')
        .replace('~', '∼')
        .replace('`', 'ʹ');
  }
}
