package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.logging.Correlation;
import app.tokencheck.operations.CapturedLogs;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One correlation ID per command, on its INFO line and on every warning it causes, even when the
 * warning is logged on another thread after the acknowledgement.
 */
final class CorrelationOperationsTest {
  private static final String ADA = "U0ADA";
  private static final String GRACE = "U0GRACE";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private MockWebServer expiredResponseUrls;
  private CapturedLogs logs;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    expiredResponseUrls = new MockWebServer();
    expiredResponseUrls.enqueue(new MockResponse.Builder().code(404).body("expired_url").build());
    expiredResponseUrls.start();
    slack.addMember(ADA, "ada@example.com", user -> {});
    slack.addMember(GRACE, "grace@example.com", user -> {});
    logs = CapturedLogs.start();
    app = new AppUnderTest(slack, clearFeed, data);
  }

  @AfterEach
  void stop() {
    app.close();
    logs.close();
    slack.close();
    clearFeed.close();
    expiredResponseUrls.close();
  }

  @Test
  void undeliveredReplyIsLoggedWithTheCommandsCorrelationId() throws Exception {
    String responseUrl = expiredResponseUrls.url("/respond/expired").toString();

    app.command(ADA, "", responseUrl);
    ILoggingEvent command = logs.await(commandLine(ADA, "check"));
    ILoggingEvent warning =
        logs.await(e -> e.getFormattedMessage().startsWith("response_url answered HTTP 404"));

    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getFormattedMessage())
        .isEqualTo("response_url answered HTTP 404; the reply was not delivered");
    assertThat(correlationId(command)).matches("[0-9a-f]{12}");
    assertThat(correlationId(warning)).isEqualTo(correlationId(command));
    assertThat(warning.getThreadName()).startsWith("check-");
  }

  @Test
  void refusedReplyIsPostedOnceAndNotRetried() throws Exception {
    String responseUrl = expiredResponseUrls.url("/respond/expired").toString();

    app.command(ADA, "", responseUrl);
    logs.await(commandLine(ADA, "check"));

    RecordedRequest post = expiredResponseUrls.takeRequest(1, TimeUnit.SECONDS);
    assertThat(post).isNotNull();
    assertThat(post.getUrl().encodedPath()).isEqualTo("/respond/expired");
    assertThat(expiredResponseUrls.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(expiredResponseUrls.getRequestCount()).isEqualTo(1);
  }

  @Test
  void differentCommandsHaveDifferentCorrelationIds() throws Exception {
    app.command(ADA, "");
    slack.nextReply();
    app.command(GRACE, "");
    slack.nextReply();

    String first = correlationId(logs.await(commandLine(ADA, "check")));
    String second = correlationId(logs.await(commandLine(GRACE, "check")));

    assertThat(first).isNotBlank();
    assertThat(second).isNotBlank().isNotEqualTo(first);
  }

  @Test
  void linesOutsideACommandCarryNoCorrelationId() throws Exception {
    app.command(ADA, "");
    slack.nextReply();
    logs.await(commandLine(ADA, "check"));

    ILoggingEvent started =
        logs.events().stream()
            .filter(e -> e.getFormattedMessage().startsWith("Listening on port"))
            .findFirst()
            .orElseThrow();

    assertThat(started.getMDCPropertyMap()).doesNotContainKey(Correlation.KEY);
  }

  private static Predicate<ILoggingEvent> commandLine(String user, String action) {
    return e ->
        e.getLevel() == Level.INFO
            && e.getFormattedMessage().startsWith("command user=" + user + " action=" + action);
  }

  private static String correlationId(ILoggingEvent event) {
    return event.getMDCPropertyMap().get(Correlation.KEY);
  }
}
