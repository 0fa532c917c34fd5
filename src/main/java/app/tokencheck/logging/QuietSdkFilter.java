package app.tokencheck.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the Slack SDK's DEBUG and TRACE events, whatever level an operator configures.
 *
 * <p>At those levels the SDK prints request and response bodies (error bodies, lookups, profile
 * fields) and Bolt prints incoming payloads; this app's promise is that no token or email reaches a
 * log, so the promise cannot depend on log levels being left alone.
 */
public final class QuietSdkFilter extends TurboFilter {
  private static final String SDK = "com.slack.api";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != null && !level.isGreaterOrEqual(Level.INFO) && logger.getName().startsWith(SDK)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
