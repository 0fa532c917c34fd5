package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.tokenstore.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every upstream fault still ends in a diagnosis: never an exception, never silence, and a fault
 * that says nothing about the token is never reported as a broken token.
 */
final class FaultsEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String TOKEN = "cf_pat_faults_00112233445566778899aabbccdd";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    app = new AppUnderTest(slack, clearFeed, data);
    app.storeToken(ADA, TOKEN, null);
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
  }

  private Reply check() throws Exception {
    assertThat(app.command(ADA, "").statusCode()).isEqualTo(200);
    return Reply.parse(slack.nextReply());
  }

  static Stream<Arguments> clearFeedFaults() {
    return Stream.of(
        fault(
            "slower than the timeout",
            "CLEARFEED_UNREACHABLE",
            () -> new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).code(200).build()),
        fault("500", "CLEARFEED_UNREACHABLE", () -> status(500, "{}")),
        fault("502", "CLEARFEED_UNREACHABLE", () -> status(502, "")),
        fault(
            "503 HTML page",
            "CLEARFEED_UNREACHABLE",
            () -> status(503, "<html><body>Service Unavailable</body></html>")),
        fault(
            "429 with Retry-After",
            "CLEARFEED_RATE_LIMITED",
            () -> new MockResponse.Builder().code(429).addHeader("Retry-After", "12").build()),
        fault("429 without Retry-After", "CLEARFEED_RATE_LIMITED", () -> status(429, "")),
        fault(
            "connection reset",
            "CLEARFEED_UNREACHABLE",
            () ->
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build()),
        // A 200 that is not ClearFeed's list (a proxy's page, an empty body) says nothing.
        fault("200 with an empty body", "CLEARFEED_UNREACHABLE", () -> status(200, "")),
        fault(
            "200 HTML page",
            "CLEARFEED_UNREACHABLE",
            () -> status(200, "<html><body>Sign in</body></html>")),
        fault(
            "301 redirect",
            "CLEARFEED_UNREACHABLE",
            () ->
                new MockResponse.Builder()
                    .code(301)
                    .addHeader("Location", "http://localhost:9/v1/rest/requests")
                    .build()),
        fault("200 with malformed JSON", "OK", () -> status(200, "{\"requests\": [")),
        fault(
            "403 HTML page from a proxy",
            "CLEARFEED_UNREACHABLE",
            () -> status(403, "<html>Forbidden</html>")),
        fault("403 with an empty body", "CLEARFEED_UNREACHABLE", () -> status(403, "")),
        fault(
            "403 with another JSON error",
            "CLEARFEED_UNREACHABLE",
            () -> status(403, "{\"message\": \"Forbidden\"}")),
        fault(
            "403 FORBIDDEN with another message",
            "PROFILE_NOT_LINKED",
            () -> status(403, "{\"message\": \"Reworded\", \"error\": \"FORBIDDEN\"}")),
        fault("401 with an empty body", "TOKEN_INVALID", () -> status(401, "")),
        fault("406 with an empty body", "CLEARFEED_NOT_CONNECTED", () -> status(406, "")));
  }

  @ParameterizedTest(name = "ClearFeed {0} → {1}")
  @MethodSource("clearFeedFaults")
  void clearFeedFaultStillEndsInADiagnosis(
      String fault, String cause, Supplier<MockResponse> response) throws Exception {
    clearFeed.answer(TOKEN, response);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*" + cause + "*");
    if (!cause.equals("TOKEN_INVALID")) {
      assertThat(reply.all()).doesNotContain("TOKEN_INVALID");
    }
  }

  static Stream<Arguments> slackFaults() {
    return Stream.of(
        fault("invalid_auth", "SLACK_APP_MISCONFIGURED", () -> FakeSlack.error("invalid_auth")),
        fault("token_revoked", "SLACK_APP_MISCONFIGURED", () -> FakeSlack.error("token_revoked")),
        fault(
            "account_inactive",
            "SLACK_APP_MISCONFIGURED",
            () -> FakeSlack.error("account_inactive")),
        fault(
            "missing_scope",
            "SLACK_APP_MISCONFIGURED",
            () ->
                FakeSlack.json(
                    "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"users:read\"}")),
        fault(
            "user_not_visible",
            "SLACK_GUEST_OR_EXTERNAL",
            () -> FakeSlack.error("user_not_visible")),
        fault(
            "429 longer than the time left",
            "SLACK_UNREACHABLE",
            () -> new MockResponse.Builder().code(429).addHeader("Retry-After", "30").build()),
        fault("503", "SLACK_UNREACHABLE", () -> status(503, "")));
  }

  @ParameterizedTest(name = "Slack {0} → {1}")
  @MethodSource("slackFaults")
  void slackFaultStillEndsInADiagnosis(String fault, String cause, Supplier<MockResponse> response)
      throws Exception {
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    slack.enqueue("users.info", response.get());

    Reply reply = check();

    assertThat(reply.verdict()).contains("*" + cause + "*");
    assertThat(reply.all()).doesNotContain("TOKEN_INVALID");
  }

  @ParameterizedTest(name = "Slack {0} beside an accepted token → OK")
  @MethodSource("slackFaults")
  void slackFaultBesideAnAcceptedTokenIsOk(
      String fault, String cause, Supplier<MockResponse> response) throws Exception {
    clearFeed.accept(TOKEN);
    slack.enqueue("users.info", response.get());

    Reply reply = check();

    assertThat(reply.verdict()).contains("✅ *OK*").doesNotContain(cause);
    assertThat(reply.checkLine("Slack account")).doesNotStartWith("✅");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("✅");
  }

  @Test
  void missingScopeNamesTheScopeToAdd() throws Exception {
    slack.enqueue(
        "users.info",
        FakeSlack.json("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"users:read\"}"));

    Reply reply = check();

    assertThat(reply.checkLine("Slack account")).contains("users:read");
    assertThat(reply.all()).contains("reinstall");
  }

  @Test
  void tamperedCiphertextIsReportedAsUnreadableNotAsACrash() throws Exception {
    app.close();
    try (Database database = Database.open(Optional.empty(), data);
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE stored_token SET token_ciphertext = CONCAT(SUBSTRING(token_ciphertext, 1, 20),"
              + " 'AAAA', SUBSTRING(token_ciphertext, 25))");
    }
    app = new AppUnderTest(slack, clearFeed, data);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*NO_TOKEN*");
    assertThat(reply.checkLine("ClearFeed token")).contains("cannot be decrypted");
    assertThat(clearFeed.requestCount()).isZero();
  }

  private static Arguments fault(String name, String cause, Supplier<MockResponse> response) {
    return Arguments.of(name, cause, response);
  }

  private static MockResponse status(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }
}
