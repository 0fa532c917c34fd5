package app.tokencheck.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints logback's own errors, such as a destination it cannot open, to standard error, and nothing
 * else.
 *
 * <p>Registering any listener also keeps the asynchronous appender from adding its default one,
 * which prints warnings to standard output from the thread that logged: its warning about dropped
 * lines would then block on the stalled output that caused the drop.
 */
public final class LogbackErrors implements StatusListener {
  @Override
  public void addStatusEvent(Status status) {
    if (status.getLevel() >= Status.ERROR) {
      Throwable cause = status.getThrowable();
      System.err.println(
          "logback: " + status.getMessage() + (cause == null ? "" : " (" + cause + ")"));
    }
  }
}
