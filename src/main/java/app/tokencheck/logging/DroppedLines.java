package app.tokencheck.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.concurrent.atomic.AtomicLong;
import net.logstash.logback.appender.listener.AppenderListener;

/**
 * Counts log lines the asynchronous appender dropped because its ring stayed full, which happens
 * only when standard output stops draining. {@code logback.xml} attaches it; {@code /metrics}
 * reports {@link #total()}, since a warning about lost lines could not reach the log it is about.
 */
public final class DroppedLines implements AppenderListener<ILoggingEvent> {
  // Static: logback creates the listener from its configuration, before the app and its metrics
  // exist, and there is one logging setup per process.
  private static final AtomicLong dropped = new AtomicLong();

  /** Lines dropped since the process started. */
  public static long total() {
    return dropped.get();
  }

  @Override
  public void eventAppendFailed(
      Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
    dropped.incrementAndGet();
  }
}
