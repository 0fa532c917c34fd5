package app.tokencheck.slack;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.slack.CommandText.Action;
import app.tokencheck.slack.CommandText.Target;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the text after the command is sorted into an action and, for some, a person. */
final class CommandTextTest {
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "<@U0ADA|ada>; U0ADA",
        "<@U0ADA>; U0ADA",
        "U0ADA; U0ADA",
        "W0ADA; W0ADA",
        "<@W0123ABCD|Ada Lovelace>; W0123ABCD",
        "  <@U0ADA|ada>  ; U0ADA"
      })
  void mentionOrMemberIdNamesThatMember(String text, String member) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.CHECK);
    assertThat(command.target()).contains(Target.user(member));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<mailto:ada@example.com|ada@example.com>", "ada@example.com"})
  void escapedOrPlainEmailNamesThePersonByEmail(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.CHECK);
    assertThat(command.target()).contains(Target.byEmail("ada@example.com"));
  }

  @Test
  void mailtoLinkIsReadForItsAddressNotItsLabel() {
    CommandText command = CommandText.parse("<mailto:ada@example.com|grace@example.org>");

    assertThat(command.target()).map(Target::email).contains(Optional.of("ada@example.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyTextChecksTheCaller(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.CHECK);
    assertThat(command.target()).isEmpty();
  }

  @Test
  void missingTextChecksTheCaller() {
    CommandText command = CommandText.parse(null);

    assertThat(command.action()).isEqualTo(Action.CHECK);
    assertThat(command.target()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"history", "HISTORY", " History "})
  void historyAloneIsAboutTheCaller(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.HISTORY);
    assertThat(command.target()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"history <@U0ADA|ada>; U0ADA", "history U0ADA; U0ADA", "History  <@W0ADA>; W0ADA"})
  void historyWithAMemberIsAboutThatMember(String text, String member) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.HISTORY);
    assertThat(command.target()).contains(Target.user(member));
  }

  @Test
  void historyWithAnEmailKeepsTheEmailForTheFlowToRefuse() {
    CommandText command = CommandText.parse("history <mailto:ada@example.com|ada@example.com>");

    assertThat(command.action()).isEqualTo(Action.HISTORY);
    assertThat(command.target()).contains(Target.byEmail("ada@example.com"));
  }

  @ParameterizedTest
  @CsvSource({"doctor, DOCTOR", "Doctor, DOCTOR", "set, SET", "forget, FORGET", "help, HELP"})
  void subcommandWordsAreActions(String text, Action action) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(action);
    assertThat(command.target()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"@ada", "@Ada Lovelace", "history @ada"})
  void bareAtNameIsUnresolved(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.UNRESOLVED_NAME);
    assertThat(command.target()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        TOKEN,
        "set " + TOKEN,
        "history " + TOKEN,
        "<@" + TOKEN + ">",
        "xoxp-1234567890-1234567890-abcdefabcdef",
        // Shorter, with characters the long pattern leaves out: the form accepts 12 and more.
        "cfp_AbC123+xyz/987QWE=abc",
        "please check 9fK2+pQ7/xZ1w"
      })
  void pastedTokenNeverBecomesATarget(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.PASTED_SECRET);
    assertThat(command.target()).isEmpty();
    assertThat(command.toString()).doesNotContain(TOKEN).doesNotContain("abcdefabcdef");
  }

  @Test
  void tokenInsideAMailtoLinkNeverBecomesATarget() {
    CommandText command = CommandText.parse("<mailto:" + TOKEN + "|" + TOKEN + ">");

    assertThat(command.target()).isEmpty();
    assertThat(command.action()).isEqualTo(Action.PASTED_SECRET);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"frobnicate", "u0ada", "<@U0ADA|ada> please", "doctor now", "WHY", "UPDATE"})
  void anythingElseIsUnknown(String text) {
    CommandText command = CommandText.parse(text);

    assertThat(command.action()).isEqualTo(Action.UNKNOWN);
    assertThat(command.target()).isEmpty();
  }

  @Test
  void aPageOfTextIsNotParsedAndNotKept() {
    // Past the limit nothing is matched (some patterns are slow on long inputs, and parsing
    // runs before the acknowledgement) and nothing is kept to be quoted back.
    String page = "a@" + ". ".repeat(20_000) + "x.y";

    CommandText command = CommandText.parse(page);

    assertThat(command.action()).isEqualTo(Action.UNKNOWN);
    assertThat(command.target()).isEmpty();
    assertThat(command.raw()).isEmpty();
  }

  @Test
  void targetByEmailDoesNotPrintTheAddress() {
    Target target = Target.byEmail("ada@example.com");

    assertThat(target.toString()).doesNotContain("ada@example.com").contains("by email");
  }
}
