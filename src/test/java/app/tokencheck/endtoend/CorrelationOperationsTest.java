package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.logging.Correlation;
import app.tokencheck.operations.CapturedLogs;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.util.function.Predicate;
import mockwebserver3.MockResponse;
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
  private CapturedLogs logs;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
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
  }

  @Test
  void undeliveredReplyIsLoggedWithTheCommandsCorrelationId() throws Exception {
    expireTheNextResponseUrl();
    app.command(ADA, "");
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
    expireTheNextResponseUrl();
    app.command(ADA, "");
    logs.await(commandLine(ADA, "check"));
    logs.await(e -> e.getFormattedMessage().startsWith("response_url answered HTTP 404"));

    // Given a moment in which a retry would have arrived.
    Thread.sleep(300);
    assertThat(slack.everyReply()).hasSize(1);
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

  /**
   * Slack answers an expired response_url with 404. The app posts only to Slack's own URLs, which
   * in these tests are the fake Slack's, so the fake gives that answer.
   */
  private void expireTheNextResponseUrl() {
    slack.enqueue("response_url", new MockResponse.Builder().code(404).body("expired_url").build());
  }
}
