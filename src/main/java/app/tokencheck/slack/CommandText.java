package app.tokencheck.slack;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the person typed after the command, sorted into the things the command can do.
 *
 * @param target whom a check or history is about, when someone else was named
 */
record CommandText(Action action, Optional<Target> target, String raw) {
  /** A long run of token characters: what a pasted secret looks like, and no word does. */
  private static final Pattern TOKEN_SHAPED = Pattern.compile("[A-Za-z0-9_\\-.:]{20,}");

  /**
   * A shorter secret: 12 or more characters without spaces, mixing letters and digits, as the token
   * form accepts. Mentions and links are left out ({@code <}, {@code >}, {@code |}, {@code @}).
   */
  private static final Pattern SHORT_SECRET =
      Pattern.compile("(?=[^\\s<>|@]*\\d)(?=[^\\s<>|@]*[A-Za-z])[^\\s<>|@]{12,}");

  private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]{2,20})(?:\\|[^>]*)?>");

  /**
   * A member ID typed without a mention. Slack's IDs always hold a digit; capitalised words such as
   * {@code WHY} or {@code UPDATE} do not, and must not be checked as people.
   */
  private static final Pattern MEMBER_ID = Pattern.compile("[UW](?=[A-Z]*[0-9])[A-Z0-9]{2,20}");

  private static final Pattern MAILTO = Pattern.compile("<mailto:([^|>]+)(?:\\|[^>]*)?>");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>|]+@[^@\\s<>|]+\\.[^@\\s<>|]+");

  /** The command's actions. */
  enum Action {
    CHECK,
    SET,
    FORGET,
    HISTORY,
    DOCTOR,
    HELP,
    /** Someone was named in a way Slack did not resolve, such as a bare {@code @name}. */
    UNRESOLVED_NAME,
    /** The text holds something that looks like a token: never stored, never echoed. */
    PASTED_SECRET,
    UNKNOWN
  }

  /** A person named in the command: by member ID or by email. */
  record Target(Optional<String> userId, Optional<String> email) {
    static Target user(String id) {
      return new Target(Optional.of(id), Optional.empty());
    }

    static Target byEmail(String email) {
      return new Target(Optional.empty(), Optional.of(email));
    }

    @Override
    public String toString() {
      return "Target[" + userId.orElse("by email") + "]";
    }
  }

  /** Longer than anything the command takes: not parsed at all, and never quoted back. */
  static final int MAX_TEXT_LENGTH = 500;

  static CommandText parse(String text) {
    String raw = text == null ? "" : text.strip();
    if (raw.length() > MAX_TEXT_LENGTH) {
      // The patterns below are cheap on a line, not on a page of text; this runs before the ack.
      return of(
          TOKEN_SHAPED.matcher(raw.substring(0, MAX_TEXT_LENGTH)).find()
              ? Action.PASTED_SECRET
              : Action.UNKNOWN,
          "");
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    Optional<Action> word =
        switch (lower) {
          case "" -> Optional.of(Action.CHECK);
          case "set" -> Optional.of(Action.SET);
          case "forget" -> Optional.of(Action.FORGET);
          case "history" -> Optional.of(Action.HISTORY);
          case "doctor" -> Optional.of(Action.DOCTOR);
          case "help", "?" -> Optional.of(Action.HELP);
          default -> Optional.empty();
        };
    if (word.isPresent()) {
      return of(word.get(), raw);
    }
    if (lower.startsWith("history ")) {
      return withTarget(Action.HISTORY, raw.substring("history ".length()).strip(), raw);
    }
    return withTarget(Action.CHECK, raw, raw);
  }

  private static CommandText withTarget(Action action, String who, String raw) {
    Optional<Target> target = target(who);
    if (target.isPresent()) {
      return new CommandText(action, target, raw);
    }
    if (who.startsWith("@")) {
      return of(Action.UNRESOLVED_NAME, raw);
    }
    boolean secret = TOKEN_SHAPED.matcher(raw).find() || SHORT_SECRET.matcher(raw).find();
    return of(secret ? Action.PASTED_SECRET : Action.UNKNOWN, raw);
  }

  private static Optional<Target> target(String who) {
    Matcher mention = MENTION.matcher(who);
    if (mention.matches()) {
      return Optional.of(Target.user(mention.group(1)));
    }
    if (MEMBER_ID.matcher(who).matches()) {
      return Optional.of(Target.user(who));
    }
    Matcher mailto = MAILTO.matcher(who);
    if (mailto.matches() && EMAIL.matcher(mailto.group(1)).matches()) {
      return Optional.of(Target.byEmail(mailto.group(1)));
    }
    if (EMAIL.matcher(who).matches()) {
      return Optional.of(Target.byEmail(who));
    }
    return Optional.empty();
  }

  private static CommandText of(Action action, String raw) {
    return new CommandText(action, Optional.empty(), raw);
  }

  @Override
  public String toString() {
    // The raw text may be a token pasted by mistake: never print it.
    return "CommandText[" + action + ", " + target + "]";
  }
}
