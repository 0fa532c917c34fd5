package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs the app through many paths, successful and failing, and reads every log line it wrote: no
 * token and no email may appear, and each command leaves exactly one INFO event line.
 */
final class LogSecrecyTest {
  private static final String TOKEN = "cf_pat_secret_9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
  private static final String OTHER_TOKEN = "cf_pat_secret_0000111122223333444455556666";
  private static final String EMAIL = "grace@example.com";
  private static final String SIGN_IN_EMAIL = "grace.hopper@example.org";

  @TempDir Path data;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final java.util.Map<Logger, Level> levels = new java.util.HashMap<>();

  @BeforeEach
  void capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    captured.setContext(context);
    captured.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    // Every logger at DEBUG, libraries included: the promise must not depend on log levels.
    for (Logger logger : context.getLoggerList()) {
      levels.put(logger, logger.getLevel());
      logger.setLevel(logger == context.getLogger(Logger.ROOT_LOGGER_NAME) ? Level.DEBUG : null);
    }
  }

  @AfterEach
  void release() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
    levels.forEach(Logger::setLevel);
  }

  @Test
  void noTokenOrEmailIsEverLogged() throws Exception {
    List<String> replies;
    List<FakeSlack.Call> slackCalls;
    List<String> clearFeedRequests;
    try (FakeSlack slack = new FakeSlack();
        FakeClearFeed clearFeed = new FakeClearFeed()) {
      slack.addMember("U0GRACE", EMAIL, user -> {});
      try (AppUnderTest app = new AppUnderTest(slack, clearFeed, data)) {
        runEveryPath(app, slack, clearFeed);
      }
      replies = slack.everyReply();
      slackCalls = slack.calls();
      clearFeedRequests = clearFeed.requests();
    }

    String log = everything();

    assertThat(events()).isNotEmpty();
    assertThat(log)
        .doesNotContain(TOKEN)
        .doesNotContain(OTHER_TOKEN)
        .doesNotContain(AppUnderTest.BOT_TOKEN)
        .doesNotContain(AppUnderTest.SIGNING_SECRET)
        .doesNotContainIgnoringCase(EMAIL)
        .doesNotContainIgnoringCase(SIGN_IN_EMAIL);
    assertThat(commandLines()).hasSize(10).allMatch(line -> line.contains("duration_ms="));
    assertThat(replies)
        .isNotEmpty()
        .noneMatch(reply -> reply.contains(TOKEN) || reply.contains(OTHER_TOKEN))
        .noneMatch(reply -> reply.contains(AppUnderTest.BOT_TOKEN));
    assertThat(slackCalls)
        .isNotEmpty()
        .allMatch(call -> ("Bearer " + AppUnderTest.BOT_TOKEN).equals(call.authorization()))
        .noneMatch(call -> call.form().toString().contains(TOKEN));
    assertThat(clearFeedRequests)
        .isNotEmpty()
        .allMatch(request -> request.startsWith("Bearer " + TOKEN + " | /v1/rest/"))
        .noneMatch(request -> request.substring(request.indexOf('|')).contains(TOKEN));
  }

  private static void runEveryPath(AppUnderTest app, FakeSlack slack, FakeClearFeed clearFeed)
      throws Exception {
    clearFeed.accept(TOKEN);
    clearFeed.record("U0GRACE", EMAIL, false);
    app.storeToken("U0GRACE", TOKEN, SIGN_IN_EMAIL);
    app.command("U0GRACE", "set");
    app.command("U0GRACE", "");
    slack.nextReply();
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    app.command("U0GRACE", "");
    slack.nextReply();
    slack.enqueue("users.info", new MockResponse.Builder().code(500).body(EMAIL).build());
    app.command("U0GRACE", "");
    slack.nextReply();
    app.submitForm("U0GRACE", "U0GRACE", "short", "not an email");
    app.command("U0GRACE", "set " + OTHER_TOKEN);
    app.command("U0GRACE", "forget");
    slack.nextReply();
    app.command("U0GRACE", "");
    slack.nextReply();
    app.command("U0GRACE", "help");
  }

  /** Logback appends under the appender's lock; read under it too. */
  private List<ILoggingEvent> events() {
    synchronized (captured) {
      return List.copyOf(captured.list);
    }
  }

  private List<String> commandLines() {
    return events().stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("command "))
        .toList();
  }

  private String everything() {
    return events().stream()
        .map(
            e ->
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .collect(Collectors.joining("\n"));
  }
}
