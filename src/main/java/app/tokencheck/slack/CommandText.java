package app.tokencheck.slack;

import java.util.Locale;

/** What the person typed after the command, sorted into the things the command can do. */
record CommandText(Action action, String raw) {

  /** The command's actions. */
  enum Action {
    CHECK,
    SET,
    FORGET,
    HELP,
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
          default -> Action.UNKNOWN;
        };
    return new CommandText(action, raw);
  }

  @Override
  public String toString() {
    // The raw text may be a token pasted by mistake: never print it.
    return "CommandText[" + action + "]";
  }
}
