package app.tokencheck.operations;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Every logback event of this JVM while open, with its MDC fixed on the thread that logged it (a
 * plain {@link ListAppender} would read the MDC later, from whichever thread asks).
 */
public final class CapturedLogs implements AutoCloseable {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private CapturedLogs() {
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  /** Starts capturing at the root logger. */
  public static CapturedLogs start() {
    return new CapturedLogs();
  }

  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The first event that matches, waiting up to ten seconds for it to be logged. */
  public ILoggingEvent await(Predicate<ILoggingEvent> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (ILoggingEvent event : events()) {
        if (wanted.test(event)) {
          return event;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("No such event was logged within 10 s: " + messages());
  }

  private List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
  }
}
