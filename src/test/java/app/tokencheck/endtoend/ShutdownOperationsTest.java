package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.operations.AppProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the app, as a platform does with SIGTERM at every deploy or restart, still delivers the
 * diagnoses it has already acknowledged.
 */
final class ShutdownOperationsTest {
  private static final String ADA = "U0ADA";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
  }

  @AfterEach
  void stop() {
    slack.close();
    clearFeed.close();
  }

  @Test
  void closeDeliversTheAcknowledgedDiagnosisBeforeItReturns() throws Exception {
    clearFeed.answer(
        TOKEN,
        () ->
            new MockResponse.Builder()
                .code(200)
                .headersDelay(1, TimeUnit.SECONDS)
                .body("{\"requests\":[]}")
                .build());
    AppUnderTest app = new AppUnderTest(slack, clearFeed, data);
    app.storeToken(ADA, TOKEN, null);
    HttpResponse<String> ack = app.command(ADA, "");

    long closing = System.nanoTime();
    app.close();
    Duration closeTook = Duration.ofNanos(System.nanoTime() - closing);

    assertThat(ack.body()).contains("Checking your ClearFeed token");
    String reply = slack.replyWithin(0);
    assertThat(reply).as("diagnosis posted before close() returned").isNotNull();
    assertThat(Reply.parse(reply).verdict()).contains("*OK*");
    assertThat(closeTook).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void sigtermDeliversTheAcknowledgedDiagnosisBeforeTheProcessExits() throws Exception {
    slack.enqueue(
        "users.info",
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .headersDelay(1500, TimeUnit.MILLISECONDS)
            .body("{\"ok\":false,\"error\":\"user_not_found\"}")
            .build());
    int port = AppProcess.freePort();
    try (AppProcess process = AppProcess.start(environment(port))) {
      process.awaitLine(line -> line.contains("Listening on port " + port));
      HttpResponse<String> ack =
          process.postToSlackEvents(
              AppUnderTest.encode(AppUnderTest.commandFields(ADA, "", slack.newResponseUrl())),
              AppUnderTest.SIGNING_SECRET);

      process.terminate();
      int exitCode = process.waitFor(Duration.ofSeconds(20));

      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(ack.body()).contains("Checking your ClearFeed token");
      assertThat(slack.replyWithin(500)).as("diagnosis posted before the exit").isNotNull();
      assertThat(exitCode).isEqualTo(143);
      assertThat(process.stdout())
          .anyMatch(line -> line.contains("command user=" + ADA + " action=check outcome="));
    }
  }

  private Map<String, String> environment(int port) {
    return AppUnderTest.processEnvironment(slack, clearFeed, port, data);
  }
}
