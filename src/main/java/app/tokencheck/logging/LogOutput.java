package app.tokencheck.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The end of logging for this process. */
public final class LogOutput {
  private LogOutput() {}

  /**
   * Writes every line still queued in the asynchronous appender and stops logging; nothing logged
   * afterwards is written. The process calls it last, on every way out.
   */
  public static void close() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
