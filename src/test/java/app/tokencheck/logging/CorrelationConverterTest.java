package app.tokencheck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code %cid} part of a text log line. */
final class CorrelationConverterTest {
  private final LoggerContext context = new LoggerContext();
  private final CorrelationConverter converter = new CorrelationConverter();

  @Test
  void aLineLoggedWithinACommandCarriesItsId() {
    LoggingEvent event = event();
    event.setMDCPropertyMap(Map.of(Correlation.KEY, "d702b689f140"));

    assertThat(converter.convert(event)).isEqualTo(" cid=d702b689f140");
  }

  @Test
  void aLineLoggedOutsideACommandHasNoCidAtAll() {
    LoggingEvent event = event();
    event.setMDCPropertyMap(Map.of());

    assertThat(converter.convert(event)).isEmpty();
  }

  private LoggingEvent event() {
    return new LoggingEvent(
        getClass().getName(), context.getLogger("x"), Level.INFO, "message", null, null);
  }
}
