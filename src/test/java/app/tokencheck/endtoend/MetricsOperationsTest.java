package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after real commands: Prometheus text with commands by cause code, upstream
 * errors by kind, and the ack and diagnosis latency histograms.
 */
final class MetricsOperationsTest {
  private static final String ADA = "U0ADA";
  private static final String GRACE = "U0GRACE";
  private static final String WORKING_TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";
  private static final String FAILING_TOKEN = "cf_pat_live_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    slack.addMember(GRACE, "grace@example.com", user -> {});
    app = new AppUnderTest(slack, clearFeed, data);
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
  }

  @Test
  void checksAreCountedByCauseCodeWithUpstreamErrorsAndLatencies() throws Exception {
    clearFeed.accept(WORKING_TOKEN);
    clearFeed.record(ADA, "ada@example.com", false);
    clearFeed.answer(FAILING_TOKEN, 503, "<html>Service Unavailable</html>");
    app.storeToken(ADA, WORKING_TOKEN, null);
    app.storeToken(GRACE, FAILING_TOKEN, null);
    checkAndWait(ADA);
    checkAndWait(GRACE);

    List<String> expected =
        List.of(
            "tokencheck_commands_total{action=\"check\",outcome=\"OK\"} 1.0",
            "tokencheck_commands_total{action=\"check\",outcome=\"CLEARFEED_UNREACHABLE\"} 1.0",
            "tokencheck_commands_total{action=\"submit\",outcome=\"SAVED\"} 2.0",
            "tokencheck_upstream_errors_total{kind=\"server_error\",upstream=\"clearfeed\"} 1.0",
            "tokencheck_diagnosis_seconds_count 2");

    HttpResponse<String> response = metricsOnce(expected);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    List<String> samples = samples(response.body());
    assertThat(samples).containsAll(expected);
    assertThat(samples)
        .anyMatch(line -> line.startsWith("tokencheck_ack_seconds_bucket{le="))
        .anyMatch(line -> line.startsWith("tokencheck_diagnosis_seconds_bucket{le="))
        .anyMatch(line -> line.startsWith("tokencheck_ack_seconds_count "))
        .anyMatch(line -> line.startsWith("tokencheck_log_dropped_lines_total "))
        .noneMatch(line -> line.contains(ADA) || line.contains(GRACE));
    assertThat(response.body())
        .contains("# TYPE tokencheck_ack_seconds histogram")
        .contains("# TYPE tokencheck_commands_total counter");
  }

  @Test
  void ackLatencyCountsEverySlackRequest() throws Exception {
    app.command(ADA, "help");
    app.command(ADA, "help");
    app.command(GRACE, "bogus");

    List<String> samples = samples(metricsOnce(List.of("tokencheck_ack_seconds_count 3")).body());

    assertThat(samples)
        .contains(
            "tokencheck_ack_seconds_count 3",
            "tokencheck_commands_total{action=\"help\",outcome=\"USAGE\"} 2.0",
            "tokencheck_commands_total{action=\"unknown\",outcome=\"USAGE\"} 1.0")
        .anyMatch(line -> line.startsWith("tokencheck_ack_seconds_bucket{le=\"+Inf\"} 3"));
  }

  private void checkAndWait(String user) throws Exception {
    assertThat(app.command(user, "").statusCode()).isEqualTo(200);
    slack.nextReply();
  }

  /**
   * The metrics page once it holds every one of {@code expected}, or after five seconds: the app
   * counts a command just after its answer goes out, so the page may lag the answer by a moment.
   */
  private HttpResponse<String> metricsOnce(List<String> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    HttpResponse<String> response = app.get("/metrics");
    while (!samples(response.body()).containsAll(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      response = app.get("/metrics");
    }
    return response;
  }

  /** The sample lines of a Prometheus text page, without comments. */
  private static List<String> samples(String page) {
    return page.lines().filter(line -> !line.startsWith("#")).toList();
  }
}
