package app.tokencheck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The {@code %utc} time at the start of a text log line. */
final class UtcTimestampConverterTest {
  // What the pattern printed before, with Logback's own %d.
  private static final DateTimeFormatter LOGBACK_PATTERN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private final LoggerContext context = new LoggerContext();
  private final UtcTimestampConverter converter = new UtcTimestampConverter();

  @Test
  void printsUtcToTheMillisecond() {
    assertThat(converter.convert(at(Instant.parse("2026-12-03T18:58:01.042Z"))))
        .isEqualTo("2026-12-03T18:58:01.042Z");
  }

  @Test
  void padsMillisecondsToThreeDigits() {
    assertThat(converter.convert(at(Instant.parse("2026-12-03T18:58:01.007Z"))))
        .isEqualTo("2026-12-03T18:58:01.007Z");
    assertThat(converter.convert(at(Instant.parse("2026-12-03T18:58:01Z"))))
        .isEqualTo("2026-12-03T18:58:01.000Z");
    assertThat(converter.convert(at(Instant.parse("2026-12-03T18:58:01.999Z"))))
        .isEqualTo("2026-12-03T18:58:01.999Z");
  }

  @Test
  void agreesWithTheFormatItReplacesAcrossSecondsDaysAndYears() {
    long newYear = Instant.parse("2026-12-31T23:59:58Z").toEpochMilli();
    // Forwards over two second boundaries and midnight, then back in time, as a clock step can.
    LongStream.concat(
            LongStream.rangeClosed(newYear, newYear + 3_000).filter(ms -> ms % 7 == 0),
            LongStream.of(newYear + 5, newYear - 86_400_000L, 0L))
        .forEach(
            ms -> {
              Instant instant = Instant.ofEpochMilli(ms);
              assertThat(converter.convert(at(instant)))
                  .as("%s", instant)
                  .isEqualTo(LOGBACK_PATTERN.format(instant));
            });
  }

  private LoggingEvent at(Instant instant) {
    LoggingEvent event =
        new LoggingEvent(
            getClass().getName(), context.getLogger("x"), Level.INFO, "message", null, null);
    event.setTimeStamp(instant.toEpochMilli());
    return event;
  }
}
