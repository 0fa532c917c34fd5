package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import app.tokencheck.doctor.Doctor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} over real HTTP: every line of the app's self-check, once with a complete set-up
 * and once with each part broken.
 */
final class DoctorEndToEndTest {
  private static final String GRACE = "U0GRACE";
  private static final String MALLORY = "U0MALLORY";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";
  private static final String SERVICE_TOKEN = "cf_workspace_token_0000000000000000beef";
  private static final List<String> LINES =
      List.of(
          "Slack bot token",
          "Bot scopes",
          "ClearFeed API",
          "Database",
          "Encryption key",
          "Workspace ClearFeed token",
          "Support staff");

  @TempDir Path data;
  @TempDir Path databaseFiles;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;
  private Server databaseServer;

  @BeforeEach
  void fakes() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(GRACE, "grace@example.com", user -> {});
    slack.grantScopes(String.join(",", Doctor.NEEDED_SCOPES));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
    clearFeed.close();
    if (databaseServer != null) {
      databaseServer.stop();
    }
  }

  private void startApp(Settings settings, List<String> staff, Optional<String> serviceToken)
      throws Exception {
    app = new AppUnderTest(slack, settings.withStaff(staff, serviceToken, Duration.ofDays(90)));
  }

  private Reply doctor(String user) throws Exception {
    HttpResponse<String> ack = app.command(user, "doctor");
    assertThat(ack.statusCode()).isEqualTo(200);
    return Reply.parse(slack.nextReply());
  }

  @Test
  void completeSetUpPassesEveryLine() throws Exception {
    startApp(
        AppUnderTest.settings(slack, clearFeed, data), List.of(GRACE), Optional.of(SERVICE_TOKEN));
    clearFeed.accept(SERVICE_TOKEN);
    app.storeToken(GRACE, TOKEN, null);

    Reply reply = doctor(GRACE);

    assertThat(reply.text()).isEqualTo("✅ all good");
    assertThat(reply.verdict()).isEqualTo("*App set-up* — ✅ all good");
    assertThat(LINES).allSatisfy(line -> assertThat(reply.checkLine(line)).startsWith("✅"));
    assertThat(reply.checkLine("Slack bot token")).contains("workspace T0001");
    assertThat(reply.checkLine("ClearFeed API")).contains("HTTP 401 to a made-up token");
    assertThat(reply.checkLine("Bot scopes"))
        .contains("chat:write")
        .contains("usergroups:read")
        .contains("users:read.email");
    assertThat(reply.checkLine("Database")).contains("every migration applied");
    assertThat(reply.checkLine("Encryption key")).contains("Decrypts the 1 newest");
    assertThat(reply.checkLine("Workspace ClearFeed token")).contains("is accepted");
    assertThat(reply.checkLine("Support staff")).contains("1 person(s) may check others");
    assertThat(reply.all()).doesNotContain(TOKEN).doesNotContain(SERVICE_TOKEN);
  }

  @Test
  void missingScopesAreNamedWithTheReinstallAndUnsetPartsAreUnknown() throws Exception {
    startApp(AppUnderTest.settings(slack, clearFeed, data), List.of(GRACE), Optional.empty());
    slack.grantScopes("commands,users:read");

    Reply reply = doctor(GRACE);

    assertThat(reply.text()).startsWith("❌ 1 problem(s)");
    assertThat(reply.checkLine("Bot scopes"))
        .startsWith("❌")
        .contains("Missing chat:write, usergroups:read, users:read.email")
        .contains("reinstall the app");
    assertThat(reply.checkLine("Encryption key")).startsWith("❔").contains("No token is stored");
    assertThat(reply.checkLine("Workspace ClearFeed token"))
        .startsWith("❔")
        .contains("CLEARFEED_API_TOKEN is not set");
    assertThat(reply.checkLine("Slack bot token")).startsWith("✅");
    assertThat(reply.checkLine("ClearFeed API")).startsWith("✅");
  }

  @Test
  void refusedBotTokenRejectedServiceTokenAndUnresolvedGroupAreReported() throws Exception {
    startApp(
        AppUnderTest.settings(slack, clearFeed, data),
        List.of(GRACE, "S0GHOST"),
        Optional.of(SERVICE_TOKEN));
    slack.enqueue("auth.test", FakeSlack.error("invalid_auth"));

    Reply reply = doctor(GRACE);

    assertThat(reply.text()).startsWith("❌ 2 problem(s)");
    assertThat(reply.checkLine("Slack bot token"))
        .startsWith("❌")
        .contains("invalid_auth")
        .contains("reinstall the app");
    assertThat(reply.checkLine("Bot scopes")).startsWith("❔");
    assertThat(reply.checkLine("Workspace ClearFeed token"))
        .startsWith("❌")
        .contains("rejects CLEARFEED_API_TOKEN (HTTP 401)");
    assertThat(reply.checkLine("Support staff"))
        .startsWith("⚠️")
        .contains("Could not resolve S0GHOST: no_such_subteam");
    assertThat(reply.all()).doesNotContain(SERVICE_TOKEN);
  }

  @Test
  void unreachableClearFeedFailsItsLine() throws Exception {
    startApp(
        settingsWithClearFeedAt(URI.create("http://127.0.0.1:" + closedPort())),
        List.of(GRACE),
        Optional.of(SERVICE_TOKEN));

    Reply reply = doctor(GRACE);

    assertThat(reply.checkLine("ClearFeed API"))
        .startsWith("❌")
        .contains("CLEARFEED_API_URL cannot be reached");
    assertThat(reply.checkLine("Workspace ClearFeed token")).startsWith("❔");
  }

  @Test
  void wrongClearFeedUrlThatAnswersNotFoundFailsItsLine() throws Exception {
    Reply reply = doctorWithClearFeedAnswering(404, "text/html", "<html>Not Found</html>");

    assertThat(reply.text()).startsWith("❌ 1 problem(s)");
    assertThat(reply.checkLine("ClearFeed API"))
        .startsWith("❌")
        .contains("HTTP 404")
        .contains("check CLEARFEED_API_URL")
        .contains("https://api.clearfeed.app");
  }

  @Test
  void hostThatAcceptsAMadeUpTokenFailsTheClearFeedLine() throws Exception {
    Reply reply = doctorWithClearFeedAnswering(200, "text/html", "<html>Welcome</html>");

    assertThat(reply.checkLine("ClearFeed API"))
        .startsWith("❌")
        .contains("HTTP 200")
        .contains("check CLEARFEED_API_URL");
  }

  @Test
  void hostThatListsRequestsForAMadeUpTokenFailsTheClearFeedLine() throws Exception {
    Reply reply = doctorWithClearFeedAnswering(200, "application/json", "{\"requests\": []}");

    assertThat(reply.checkLine("ClearFeed API"))
        .startsWith("❌")
        .contains("Accepts a made-up token (HTTP 200)")
        .contains("check CLEARFEED_API_URL");
  }

  @Test
  void clearFeedsForbiddenAnswerToAMadeUpTokenPasses() throws Exception {
    Reply reply =
        doctorWithClearFeedAnswering(403, "application/json", FakeClearFeed.FORBIDDEN_BODY);

    assertThat(reply.checkLine("ClearFeed API")).startsWith("✅").contains("HTTP 403");
  }

  @Test
  void clearFeedServerErrorWarnsAndNamesTheStatus() throws Exception {
    Reply reply = doctorWithClearFeedAnswering(502, "text/html", "<html>Bad Gateway</html>");

    assertThat(reply.checkLine("ClearFeed API"))
        .startsWith("⚠️")
        .contains("HTTP 502")
        .contains("CLEARFEED_API_URL");
  }

  /** Runs doctor with CLEARFEED_API_URL pointing at a server that answers everything alike. */
  private Reply doctorWithClearFeedAnswering(int status, String contentType, String body)
      throws Exception {
    try (MockWebServer host = new MockWebServer()) {
      host.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse.Builder()
                  .code(status)
                  .addHeader("Content-Type", contentType)
                  .body(body)
                  .build();
            }
          });
      host.start();
      startApp(settingsWithClearFeedAt(host.url("/").uri()), List.of(GRACE), Optional.empty());
      return doctor(GRACE);
    }
  }

  private Settings settingsWithClearFeedAt(URI clearFeedApiUrl) {
    Settings settings = AppUnderTest.settings(slack, clearFeed, data);
    return Settings.of(
        settings.slackBotToken(),
        settings.slackSigningSecret(),
        settings.slackApiUrl(),
        clearFeedApiUrl,
        Duration.ofSeconds(1),
        Optional.empty(),
        data,
        Optional.empty());
  }

  @Test
  void unreachableDatabaseFailsItsLine() throws Exception {
    databaseServer =
        Server.createTcpServer(
                "-tcpPort", "0", "-baseDir", databaseFiles.toString(), "-ifNotExists")
            .start();
    Settings settings = AppUnderTest.settings(slack, clearFeed, data);
    startApp(
        Settings.of(
            settings.slackBotToken(),
            settings.slackSigningSecret(),
            settings.slackApiUrl(),
            settings.clearFeedApiUrl(),
            settings.clearFeedTimeout(),
            Optional.of("jdbc:h2:tcp://127.0.0.1:" + databaseServer.getPort() + "/tokencheck"),
            data,
            Optional.of(randomKey())),
        List.of(GRACE),
        Optional.empty());
    databaseServer.stop();

    Reply reply = doctor(GRACE);

    assertThat(reply.checkLine("Database")).startsWith("❌").contains("Cannot be reached");
    assertThat(reply.checkLine("Encryption key")).startsWith("❔");
    assertThat(reply.checkLine("Slack bot token")).startsWith("✅");
  }

  @Test
  void memberWhoIsNotStaffCannotRunDoctor() throws Exception {
    startApp(AppUnderTest.settings(slack, clearFeed, data), List.of(GRACE), Optional.empty());

    Reply reply = doctor(MALLORY);

    assertThat(reply.text()).startsWith("❌ *NOT_ALLOWED*");
    assertThat(reply.json().has("blocks")).isFalse();
    assertThat(clearFeed.requestCount()).isZero();
  }

  /** A loopback port that nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
