package app.tokencheck.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %cid} in the text log pattern: {@code " cid=<id>"} on a line logged within a command,
 * nothing on any other line.
 */
public final class CorrelationConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String id = event.getMDCPropertyMap().get(Correlation.KEY);
    return id == null ? "" : " cid=" + id;
  }
}
