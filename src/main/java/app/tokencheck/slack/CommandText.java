package app.tokencheck.slack;

import java.util.Locale;
import java.util.regex.Pattern;

/** What the person typed after the command, sorted into the things the command can do. */
record CommandText(Action action, String raw) {
  /** A long run of token characters: what a pasted secret looks like, and no word does. */
  private static final Pattern TOKEN_SHAPED = Pattern.compile("[A-Za-z0-9_\\-.:]{20,}");

  /** The command's actions. */
  enum Action {
    CHECK,
    SET,
    FORGET,
    HELP,
    /** The text holds something that looks like a token: never stored, never echoed. */
    PASTED_SECRET,
    UNKNOWN
  }

  static CommandText parse(String text) {
    String raw = text == null ? "" : text.strip();
    Action action =
        switch (raw.toLowerCase(Locale.ROOT)) {
          case "" -> Action.CHECK;
          case "set" -> Action.SET;
          case "forget" -> Action.FORGET;
          case "help", "?" -> Action.HELP;
          default -> TOKEN_SHAPED.matcher(raw).find() ? Action.PASTED_SECRET : Action.UNKNOWN;
        };
    return new CommandText(action, raw);
  }

  @Override
  public String toString() {
    // The raw text may be a token pasted by mistake: never print it.
    return "CommandText[" + action + "]";
  }
}
