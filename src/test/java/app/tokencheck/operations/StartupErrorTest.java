package app.tokencheck.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad setting stops the real {@code main} with exit code 2 and one line on standard error that
 * names the variable, before anything else is printed.
 */
final class StartupErrorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String KEY = "q0Vb3kLrYp8sT2uW5xZ7aC9dE1fG4hJ6q0Vb3kLrYp8=";

  @TempDir Path data;

  @Test
  void unknownLogFormatStopsStartUpWithOneLine() throws Exception {
    Map<String, String> env = minimal();
    env.put("LOG_FORMAT", "xml");

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .containsExactly(
            "clearfeed-token-check: LOG_FORMAT must be one of [text, json], not 'xml'");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void missingBotTokenStopsStartUpWithOneLine() throws Exception {
    Map<String, String> env = minimal();
    env.remove("SLACK_BOT_TOKEN");

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).hasSize(1);
    assertThat(run.stderr().get(0))
        .startsWith("clearfeed-token-check: SLACK_BOT_TOKEN is not set: set it to");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void botTokenInPlaceOfTheAppTokenStopsStartUpWithOneLine() throws Exception {
    Map<String, String> env = minimal();
    env.put("SLACK_APP_TOKEN", "xoxb-1111-2222-Zq7Xw9Lk2Mn4");

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).hasSize(1);
    assertThat(run.stderr().get(0))
        .startsWith("clearfeed-token-check: SLACK_APP_TOKEN must be an app-level token")
        .doesNotContain("xoxb-");
  }

  @Test
  void sharedDatabaseWithoutEncryptionKeyStopsStartUpWithOneLine() throws Exception {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "postgres://app:secret-password@127.0.0.1:1/tokencheck");

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .singleElement()
        .asString()
        .startsWith(
            "clearfeed-token-check: TOKEN_ENCRYPTION_KEY is not set: with DATABASE_URL it is"
                + " required")
        .doesNotContain("secret-password");
  }

  @Test
  void databaseUrlOfAnotherKindStopsStartUpWithOneLine() throws Exception {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "mysql://app:secret-password@127.0.0.1/tokencheck");
    env.put("TOKEN_ENCRYPTION_KEY", KEY);

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .containsExactly(
            "clearfeed-token-check: DATABASE_URL must start with postgres://, postgresql:// or"
                + " jdbc:postgresql://");
  }

  @Test
  void unknownArgumentStopsWithOneLine() throws Exception {
    Map<String, String> env = minimal();

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT, "rotate-key");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .containsExactly("clearfeed-token-check: unknown argument; the only one is rotate-keys");
  }

  @Test
  void appTokenThatSlackRefusesStopsStartUpWithOneLine() throws Exception {
    try (MockWebServer slack = new MockWebServer()) {
      slack.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse.Builder()
                  .addHeader("Content-Type", "application/json")
                  .body("{\"ok\":false,\"error\":\"invalid_auth\"}")
                  .build();
            }
          });
      slack.start();
      Map<String, String> env = minimal();
      env.put("SLACK_APP_TOKEN", "xapp-1-A0001-revoked");
      env.put("SLACK_API_URL", slack.url("/api/").toString());
      env.put("PORT", String.valueOf(AppProcess.freePort()));

      AppProcess.Finished run = AppProcess.run(env, TIMEOUT);

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stderr())
          .singleElement()
          .asString()
          .startsWith("clearfeed-token-check: ")
          .contains("SLACK_APP_TOKEN")
          .contains("invalid_auth")
          .doesNotContain("xapp-");
      // Logged by a background thread moments before the exit, and still written.
      assertThat(run.stdout()).anyMatch(line -> line.contains("Slack refused SLACK_BOT_TOKEN"));
    }
  }

  private Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", "xoxb-1111-2222-Zq7Xw9Lk2Mn4");
    env.put("SLACK_SIGNING_SECRET", "8f14e45fceea167a5a36dedd4bea2543");
    env.put("DATA_DIR", data.toString());
    return env;
  }
}
