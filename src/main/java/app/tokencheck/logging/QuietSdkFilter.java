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
 *
 * <p>It also drops the warning Bolt prints at every start when it has no bot token, which tells the
 * operator to add authorization code. The app leaves the token out of Bolt on purpose and checks it
 * itself ({@code TokenCheckApp}), so the warning could only send an admin looking for a fault that
 * is not there.
 */
public final class QuietSdkFilter extends TurboFilter {
  /** Loggers whose DEBUG and TRACE events carry payloads: Slack's SDK, Jetty, Socket Mode. */
  private static final String[] WIRE_LEVEL = {
    "com.slack.api", "org.eclipse.jetty", "org.java_websocket"
  };

  private static final String BOLT_APP = "com.slack.api.bolt.App";
  private static final String NO_AUTHORIZATION = "Skipped adding any authorization middleware";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.WARN
        && format != null
        && format.startsWith(NO_AUTHORIZATION)
        && logger.getName().equals(BOLT_APP)) {
      return FilterReply.DENY;
    }
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
