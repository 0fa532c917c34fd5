package app.tokencheck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings a production deployment adds: Socket Mode, a key being rotated out, log format. */
final class ProductionSettingsTest {
  private static final String BOT_TOKEN = "xoxb-1111-2222-Zq7Xw9Lk2Mn4";
  private static final String SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543";
  private static final String APP_TOKEN = "xapp-1-A0001-4444-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  private static final String KEY = "q0Vb3kLrYp8sT2uW5xZ7aC9dE1fG4hJ6q0Vb3kLrYp8=";
  private static final String PREVIOUS_KEY = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=";

  @Test
  void appTokenTurnsSocketModeOn() {
    Map<String, String> env = minimal();
    env.put("SLACK_APP_TOKEN", APP_TOKEN);

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.slackAppToken()).contains(APP_TOKEN);
    assertThat(settings.socketMode()).isTrue();
  }

  @Test
  void withoutAppTokenTheAppReceivesHttpRequests() {
    Map<String, String> env = minimal();

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.slackAppToken()).isEmpty();
    assertThat(settings.socketMode()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"xoxb-1111-2222-Zq7Xw9Lk2Mn4", "xoxp-1-2-3", "app-1-test", "XAPP-1-test"})
  void appTokenOfAnotherKindGivesOneLineNamingIt(String token) {
    Map<String, String> env = minimal();
    env.put("SLACK_APP_TOKEN", token);

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith("SLACK_APP_TOKEN must be an app-level token (xapp-…)")
        .contains("connections:write")
        .contains("App-Level Tokens")
        .doesNotContain(token)
        .doesNotContain("\n");
  }

  @Test
  void blankAppTokenCountsAsUnset() {
    Map<String, String> env = minimal();
    env.put("SLACK_APP_TOKEN", "  ");

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.socketMode()).isFalse();
  }

  @ParameterizedTest(name = "LOG_FORMAT={0}")
  @CsvSource({"json, JSON", "JSON, JSON", " Json , JSON", "text, TEXT", "TEXT, TEXT"})
  void logFormatIsReadWhateverItsCase(String value, Settings.LogFormat expected) {
    Map<String, String> env = minimal();
    env.put("LOG_FORMAT", value);

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.logFormat()).isEqualTo(expected);
  }

  @Test
  void unsetLogFormatMeansText() {
    Map<String, String> env = minimal();

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.logFormat()).isEqualTo(Settings.LogFormat.TEXT);
  }

  @ParameterizedTest(name = "LOG_FORMAT={0}")
  @ValueSource(strings = {"xml", "logfmt", "jsonl", "1"})
  void otherLogFormatGivesOneLineListingTheChoices(String value) {
    Map<String, String> env = minimal();
    env.put("LOG_FORMAT", value);

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo("LOG_FORMAT must be one of [text, json], not '" + value + "'");
  }

  @Test
  void previousEncryptionKeyIsRead() {
    Map<String, String> env = minimal();
    env.put("TOKEN_ENCRYPTION_KEY", KEY);
    env.put("TOKEN_ENCRYPTION_KEY_PREVIOUS", " " + PREVIOUS_KEY + " ");

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.tokenEncryptionKey()).contains(KEY);
    assertThat(settings.previousTokenEncryptionKey()).contains(PREVIOUS_KEY);
  }

  @Test
  void withoutPreviousKeyThereIsNothingToRotate() {
    Map<String, String> env = minimal();
    env.put("TOKEN_ENCRYPTION_KEY", KEY);

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.previousTokenEncryptionKey()).isEmpty();
  }

  @Test
  void toStringShowsSocketModeAndLogFormatButNoTokenOrKey() {
    Map<String, String> env = minimal();
    env.put("SLACK_APP_TOKEN", APP_TOKEN);
    env.put("TOKEN_ENCRYPTION_KEY", KEY);
    env.put("TOKEN_ENCRYPTION_KEY_PREVIOUS", PREVIOUS_KEY);
    env.put("LOG_FORMAT", "json");
    Settings settings = Settings.fromEnvironment(env);

    String shown = settings.toString();

    assertThat(shown)
        .contains("socketMode=true")
        .contains("logFormat=JSON")
        .doesNotContain(APP_TOKEN)
        .doesNotContain("xapp-")
        .doesNotContain(KEY)
        .doesNotContain(PREVIOUS_KEY)
        .doesNotContain(BOT_TOKEN)
        .doesNotContain(SIGNING_SECRET);
  }

  @Test
  void copiesKeepTheProductionSettings() {
    Map<String, String> env = minimal();
    env.put("LOG_FORMAT", "json");
    Settings settings = Settings.fromEnvironment(env);

    Settings copy =
        settings.withPort(0).withSlackAppToken(APP_TOKEN).withPreviousKey(KEY, PREVIOUS_KEY);

    assertThat(copy.port()).isZero();
    assertThat(copy.slackAppToken()).contains(APP_TOKEN);
    assertThat(copy.tokenEncryptionKey()).contains(KEY);
    assertThat(copy.previousTokenEncryptionKey()).contains(PREVIOUS_KEY);
    assertThat(copy.logFormat()).isEqualTo(Settings.LogFormat.JSON);
    assertThat(copy.slackBotToken()).isEqualTo(BOT_TOKEN);
  }

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    return env;
  }
}
