package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Requests that are signed but malformed, text crafted to ping or link, and a {@code response_url}
 * that fails: each is answered cleanly, nothing is called that need not be.
 */
final class HostileInputTest {
  private static final String TOKEN = "cf_pat_hostile_0a1b2c3d4e5f60718293a4b5c6d7";
  private static final String EVIL_NAME = "<!channel> *boss* <http://evil.example|click> ~x~";

  @TempDir Path data;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.setContext(context);
    logs.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember("U0EVE", "eve@example.com", user -> user.put("real_name", EVIL_NAME));
    app = new AppUnderTest(slack, clearFeed, data);
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(Logger.ROOT_LOGGER_NAME)
        .detachAppender(logs);
  }

  @Test
  void signedGarbageIsRejectedWithoutAnyCall() throws Exception {
    HttpResponse<String> garbage = app.post("payload=%7B%7B%7Bnot-json");
    HttpResponse<String> percent = app.post("%%%=%ZZ&&=");

    assertThat(garbage.statusCode()).isBetween(400, 499);
    assertThat(percent.statusCode()).isBetween(400, 499);
    assertThat(slack.calls()).allMatch(call -> call.method().equals("auth.test"));
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void commandWithoutUserOrResponseUrlIsRejectedWithoutAnyCall() throws Exception {
    String noUser =
        "command=%2Fclearfeed-token-check&text=&response_url=http%3A%2F%2F127.0.0.1%2Fr"
            + "&team_id=T0001&trigger_id=1.2.3";
    String noResponseUrl = "command=%2Fclearfeed-token-check&text=&user_id=U0EVE&team_id=T0001";

    HttpResponse<String> first = app.post(noUser);
    HttpResponse<String> second = app.post(noResponseUrl);

    assertThat(first.statusCode()).isEqualTo(400);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(slack.replyWithin(300)).isNull();
    assertThat(slack.calls("users.info")).isEmpty();
  }

  @Test
  void commandNamingAResponseUrlOutsideSlackIsRejectedWithoutAnyCall() throws Exception {
    // Signed, so only someone holding the signing secret could send it: the reply would carry
    // another person's diagnosis to the sender's own server.
    String command =
        "command=%2Fclearfeed-token-check&text=&user_id=U0EVE&team_id=T0001&trigger_id=1.2.3"
            + "&response_url=https%3A%2F%2Fevil.example%2Fcommands%2FT0001%2F1%2Fx";

    HttpResponse<String> response = app.post(command);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(slack.replyWithin(300)).isNull();
    assertThat(slack.calls("users.info")).isEmpty();
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void craftedDisplayNameCannotPingLinkOrFormat() throws Exception {
    clearFeed.answer(TOKEN, 401, "");
    app.storeToken("U0EVE", TOKEN, null);

    app.command("U0EVE", "");
    Reply reply = Reply.parse(slack.nextReply());

    String account = reply.checkLine("Slack account");
    assertThat(account).contains("&lt;!channel&gt;").contains("∗boss∗");
    assertThat(reply.all())
        .doesNotContain("<!channel>")
        .doesNotContain("<http://evil.example")
        .doesNotContain("*boss*")
        .doesNotContain("~x~");
  }

  @Test
  void craftedClearFeedRecordCannotPingOrLink() throws Exception {
    clearFeed.accept(TOKEN);
    clearFeed.record("U0EVE", "<!here> <http://evil.example|x>", false);
    app.storeToken("U0EVE", TOKEN, null);

    app.command("U0EVE", "");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(reply.checkLine("ClearFeed record")).startsWith("⚠️").contains("&lt;!here&gt;");
    assertThat(reply.all()).doesNotContain("<!here>").doesNotContain("<http://evil.example");
  }

  @Test
  void longOrBinaryCommandTextIsQuotedShortAndInert() throws Exception {
    String longText = "zz " + "<!everyone> ".repeat(500);
    String binary = "zz\u0000\u0007\u001b[31m*red*";

    String longReply = Reply.parse(app.command("U0EVE", longText).body()).text();
    String binaryReply = Reply.parse(app.command("U0EVE", binary).body()).text();

    // Past 500 characters the text is not parsed and not quoted at all.
    assertThat(longReply)
        .doesNotContain("<!everyone>")
        .hasSizeLessThan(1_000)
        .contains("longer than anything this command takes");
    assertThat(binaryReply)
        .doesNotContain("\u0000")
        .doesNotContain("\u001b")
        .doesNotContain("*red*");
    assertThat(slack.calls("users.info")).isEmpty();
  }

  @Test
  void failingResponseUrlIsLoggedOnceAndNotRetried() throws Exception {
    slack.enqueue("response_url", new MockResponse.Builder().code(404).body("no").build());
    slack.enqueue("response_url", new MockResponse.Builder().code(500).body("no").build());

    app.command("U0EVE", "");
    app.command("U0EVE", "");
    awaitWarnings("response_url answered HTTP", 2);

    assertThat(slack.everyReply()).hasSize(2);
    assertThat(warnings("response_url answered HTTP"))
        .containsExactlyInAnyOrder(
            "response_url answered HTTP 404; the reply was not delivered",
            "response_url answered HTTP 500; the reply was not delivered");
  }

  @Test
  void hangingResponseUrlFreesTheWorkerAndTheAppKeepsAnswering() throws Exception {
    slack.enqueue(
        "response_url",
        new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS).code(200).build());

    app.command("U0EVE", "");
    awaitWarnings("response_url could not be reached", 1);
    app.command("U0EVE", "");
    Reply next = Reply.parse(slack.nextReply());

    assertThat(next.verdict()).contains("*NO_TOKEN*");
    assertThat(slack.everyReply()).hasSize(2);
  }

  private java.util.List<String> warnings(String prefix) {
    List<ILoggingEvent> events;
    // Logback appends under the appender's lock; read under it too.
    synchronized (logs) {
      events = List.copyOf(logs.list);
    }
    return events.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith(prefix))
        .toList();
  }

  private void awaitWarnings(String prefix, int count) throws InterruptedException {
    for (int i = 0; i < 300 && warnings(prefix).size() < count; i++) {
      Thread.sleep(50);
    }
    assertThat(warnings(prefix)).hasSize(count);
  }
}
