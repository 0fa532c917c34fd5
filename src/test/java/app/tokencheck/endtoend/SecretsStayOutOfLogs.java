package app.tokencheck.endtoend;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Runs every end-to-end test with every logger at DEBUG (Bolt, the Slack SDK, Jetty included) and
 * fails the test if any log event holds a token, a Slack secret or an email.
 *
 * <p>Registered for all tests through {@code META-INF/services} and JUnit's extension
 * auto-detection; it acts only on classes in this package, where the secrets below are used.
 */
public final class SecretsStayOutOfLogs implements BeforeEachCallback, AfterEachCallback {
  private static final Pattern SECRET =
      Pattern.compile(
          "cf_pat_\\w+|cf_workspace_token_\\w+|xoxb-[\\w-]+|xapp-[\\w-]+"
              + "|test-signing-secret-\\w+|[\\w.+-]+@example\\.(?:com|org)");
  private static final String CONSOLE = "console";
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SecretsStayOutOfLogs.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!applies(context)) {
      return;
    }
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Map<Logger, Level> levels = new HashMap<>();
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Logger logger : logging.getLoggerList()) {
      levels.put(logger, logger.getLevel());
      logger.setLevel(logger == root ? Level.DEBUG : null);
    }
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(logging);
    events.start();
    root.addAppender(events);
    // The events are searched, not read: keep DEBUG off the console while the test runs.
    Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
    if (console != null) {
      root.detachAppender(console);
      context.getStore(NAMESPACE).put("console", console);
    }
    context.getStore(NAMESPACE).put("levels", levels);
    context.getStore(NAMESPACE).put("events", events);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterEach(ExtensionContext context) {
    if (!applies(context)) {
      return;
    }
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> events =
        context.getStore(NAMESPACE).remove("events", ListAppender.class);
    Map<Logger, Level> levels = context.getStore(NAMESPACE).remove("levels", Map.class);
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(events);
    levels.forEach(Logger::setLevel);
    Appender<ILoggingEvent> console = context.getStore(NAMESPACE).remove("console", Appender.class);
    if (console != null) {
      root.addAppender(console);
    }
    List<ILoggingEvent> captured;
    // A late event from an app thread may still be appending: logback holds this lock then.
    synchronized (events) {
      captured = List.copyOf(events.list);
    }
    for (ILoggingEvent event : captured) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      Matcher secret = SECRET.matcher(text);
      if (secret.find()) {
        String excerpt = SECRET.matcher(text).replaceAll("[secret]");
        throw new AssertionError(
            "A log event of "
                + event.getLoggerName()
                + " holds a secret or email: "
                + excerpt.substring(0, Math.min(300, excerpt.length())));
      }
    }
  }

  private static boolean applies(ExtensionContext context) {
    return context
        .getTestClass()
        .map(c -> c.getPackageName().equals(SecretsStayOutOfLogs.class.getPackageName()))
        .orElse(false);
  }
}
