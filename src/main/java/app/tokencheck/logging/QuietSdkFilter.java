package app.tokencheck.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the DEBUG and TRACE events of the Slack SDK and of Jetty, whatever level an operator
 * configures.
 *
 * <p>At those levels the SDK prints request and response bodies (error bodies, lookups, profile
 * fields), Bolt prints incoming payloads, Jetty dumps the bytes of the buffers it reads, which hold
 * the slash command's text, and the WebSocket library under Socket Mode prints its frames; this
 * app's promise is that no token or email reaches a log, so the promise cannot depend on log levels
 * being left alone.
 */
public final class QuietSdkFilter extends TurboFilter {
  /** Loggers whose DEBUG and TRACE events carry payloads: Slack's SDK, Jetty, Socket Mode. */
  private static final String[] WIRE_LEVEL = {
    "com.slack.api", "org.eclipse.jetty", "org.java_websocket"
  };

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // Called for every logging call, Jetty's isDebugEnabled() checks on each request included,
    // so the common case is decided by levels alone: an event below its logger's level is
    // dropped anyway.
    if (level == null
        || level.isGreaterOrEqual(Level.INFO)
        || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    for (String prefix : WIRE_LEVEL) {
      if (name.startsWith(prefix)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
