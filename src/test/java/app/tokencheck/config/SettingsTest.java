package app.tokencheck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link Settings} reads, checks and hides the app's environment. */
final class SettingsTest {
  private static final String BOT_TOKEN = "xoxb-1111-2222-Zq7Xw9Lk2Mn4";
  private static final String SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543";
  private static final String ENCRYPTION_KEY = "q0Vb3kLrYp8sT2uW5xZ7aC9dE1fG4hJ6";
  private static final String DATABASE_URL = "jdbc:postgresql://db/app?password=hunter2-db";

  @ParameterizedTest
  @CsvSource({"SLACK_BOT_TOKEN, OAuth & Permissions", "SLACK_SIGNING_SECRET, Basic Information"})
  void missingSecretIsNamedWithWhereToGetIt(String variable, String page) {
    Map<String, String> env = minimal();
    env.remove(variable);

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith(variable + " is not set")
        .contains("https://api.slack.com/apps")
        .contains(page)
        .doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"})
  void blankSecretCountsAsMissing(String variable) {
    Map<String, String> env = minimal();
    env.put(variable, "   ");

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith(variable + " is not set");
  }

  @Test
  void unsetOptionalValuesTakeTheirDefaults() {
    Map<String, String> env = minimal();

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.slackBotToken()).isEqualTo(BOT_TOKEN);
    assertThat(settings.slackSigningSecret()).isEqualTo(SIGNING_SECRET);
    assertThat(settings.port()).isEqualTo(3000);
    assertThat(settings.slackApiUrl()).isEqualTo(URI.create("https://slack.com/api/"));
    assertThat(settings.clearFeedApiUrl()).isEqualTo(URI.create("https://api.clearfeed.app"));
    assertThat(settings.clearFeedTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.databaseUrl()).isEmpty();
    assertThat(settings.dataDirectory()).isEqualTo(Path.of("data"));
    assertThat(settings.tokenEncryptionKey()).isEmpty();
  }

  @Test
  void givenValuesAreReadAndTrimmed() {
    Map<String, String> env = minimal();
    env.put("PORT", " 8080 ");
    env.put("SLACK_API_URL", "http://localhost:9001/api/");
    env.put("CLEARFEED_API_URL", "http://localhost:9002");
    env.put("CLEARFEED_TIMEOUT_MS", "2500");
    env.put("DATABASE_URL", DATABASE_URL);
    env.put("DATA_DIR", "/var/lib/token-check");
    env.put("TOKEN_ENCRYPTION_KEY", ENCRYPTION_KEY);

    Settings settings = Settings.fromEnvironment(env);

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.slackApiUrl()).isEqualTo(URI.create("http://localhost:9001/api/"));
    assertThat(settings.clearFeedApiUrl()).isEqualTo(URI.create("http://localhost:9002"));
    assertThat(settings.clearFeedTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.databaseUrl()).contains(DATABASE_URL);
    assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/lib/token-check"));
    assertThat(settings.tokenEncryptionKey()).isEqualTo(Optional.of(ENCRYPTION_KEY));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "PORT, abc",
    "PORT, 0",
    "PORT, -80",
    "PORT, 70000",
    "PORT, 30.5",
    "SLACK_API_URL, slack.com/api",
    "SLACK_API_URL, ftp://slack.com/api/",
    "SLACK_API_URL, https://",
    "CLEARFEED_API_URL, not a url",
    "CLEARFEED_API_URL, mailto:ops@example.com",
    "CLEARFEED_TIMEOUT_MS, 5s",
    "CLEARFEED_TIMEOUT_MS, 0",
    "CLEARFEED_TIMEOUT_MS, 99999999999"
  })
  void malformedValueGivesOneLineNamingTheVariable(String variable, String value) {
    Map<String, String> env = minimal();
    env.put(variable, value);

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith(variable + " must be").doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PORT", "SLACK_API_URL", "CLEARFEED_TIMEOUT_MS"})
  void malformedValueWithLineBreakStillGivesOneLine(String variable) {
    Map<String, String> env = minimal();
    env.put(variable, "80\r\n80");

    SettingsException e =
        catchThrowableOfType(SettingsException.class, () -> Settings.fromEnvironment(env));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith(variable).doesNotContain("\n").doesNotContain("\r");
  }

  @Test
  void toStringHidesEverySecret() {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", DATABASE_URL);
    env.put("TOKEN_ENCRYPTION_KEY", ENCRYPTION_KEY);
    Settings settings = Settings.fromEnvironment(env);

    String shown = settings.toString();

    assertThat(shown)
        .doesNotContain(BOT_TOKEN)
        .doesNotContain(SIGNING_SECRET)
        .doesNotContain(ENCRYPTION_KEY)
        .doesNotContain("hunter2-db")
        .contains("port=3000");
  }

  @Test
  void withPortChangesOnlyThePort() {
    Settings settings = Settings.fromEnvironment(minimal());

    Settings moved = settings.withPort(0);

    assertThat(moved.port()).isZero();
    assertThat(moved).usingRecursiveComparison().ignoringFields("port").isEqualTo(settings);
  }

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    return env;
  }
}
