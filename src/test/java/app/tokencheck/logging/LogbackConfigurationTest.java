package app.tokencheck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/**
 * The shipped logging configuration, loaded as the app loads it and writing to a file in place of
 * standard output.
 */
final class LogbackConfigurationTest {
  private static final int RING = 8192;

  @TempDir Path directory;

  /** Logback prints its whole internal status at start-up as soon as one warning is raised. */
  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void loadsWithoutWarningsInEitherFormat(String format) throws Exception {
    LoggerContext context = configured(format);

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(status -> status.getLevel() >= Status.WARN)
        .extracting(Status::getMessage)
        .isEmpty();
    context.stop();
  }

  @Test
  void everyQueuedLineIsWrittenInOrderWhenLoggingStops() throws Exception {
    LoggerContext context = configured("text");
    Logger log = context.getLogger("app.tokencheck.Example");

    for (int i = 0; i < 5_000; i++) {
      log.info("line {}", i);
    }
    context.stop();

    List<String> lines = Files.readAllLines(logFile());
    assertThat(lines).hasSize(5_000);
    assertThat(lines.get(0)).endsWith("INFO  [main] Example - line 0");
    assertThat(lines.get(4_999)).endsWith("INFO  [main] Example - line 4999");
  }

  @Test
  void jsonLinesCarryTheLoggingThreadAndCorrelationIdThoughAnotherThreadWritesThem()
      throws Exception {
    LoggerContext context = configured("json");
    Logger log = context.getLogger("app.tokencheck.Example");

    String id = Correlation.start();
    log.info("checked");
    Correlation.end();
    context.stop();

    var line = new ObjectMapper().readTree(Files.readString(logFile()));
    assertThat(line.path("formattedMessage").asText()).isEqualTo("checked");
    assertThat(line.path("threadName").asText()).isEqualTo("main");
    assertThat(line.path("mdc").path(Correlation.KEY).asText()).isEqualTo(id);
  }

  @Test
  void whenOutputStallsAFullRingDropsAndCountsLinesInsteadOfBlockingTheLogger() throws Exception {
    LoggerContext context = configured("text");
    CountDownLatch release = new CountDownLatch(1);
    stallOutput(context, release);
    Logger log = context.getLogger("app.tokencheck.Example");
    long droppedBefore = DroppedLines.total();

    // The writer holds the first line while the ring fills up behind it; the last ten find no
    // room within the append timeout.
    Printed printed =
        Printed.during(
            () -> {
              for (int i = 0; i < RING + 10; i++) {
                log.info("line {}", i);
              }
            });

    assertThat(DroppedLines.total() - droppedBefore).isEqualTo(10);
    assertThat(printed.out() + printed.err()).as("nothing printed where output stalls").isEmpty();
    release.countDown();
    context.stop();
    List<String> lines = Files.readAllLines(logFile());
    assertThat(lines).hasSize(RING);
    assertThat(lines.get(RING - 1)).endsWith("line " + (RING - 1));
  }

  @Test
  void aDestinationThatCannotBeOpenedIsReportedOnStandardError() throws Exception {
    Path notADirectory = Files.createFile(directory.resolve("plain-file"));
    LoggerContext context = new LoggerContext();
    context.putProperty("tokencheck.log.file", notADirectory.resolve("app.log").toString());

    Printed printed = Printed.during(() -> configure(context));

    assertThat(printed.err())
        .startsWith("logback: ")
        .contains(notADirectory.resolve("app.log").toString());
    assertThat(printed.out()).isEmpty();
    context.stop();
  }

  private LoggerContext configured(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    // The process's own MDC, which Correlation writes to; SLF4J's provider sets it in the app.
    context.setMDCAdapter(MDC.getMDCAdapter());
    context.putProperty("tokencheck.log.format", format);
    context.putProperty("tokencheck.log.file", logFile().toString());
    configure(context);
    return context;
  }

  private static void configure(LoggerContext context) {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogbackConfigurationTest.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new AssertionError(e);
    }
  }

  /** What the process printed to standard output and standard error while {@code action} ran. */
  private record Printed(String out, String err) {
    static Printed during(Runnable action) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      try {
        action.run();
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      return new Printed(
          outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
  }

  private Path logFile() {
    return directory.resolve("app.log");
  }

  /** Adds a second destination that blocks on the first line until {@code release} opens. */
  private static void stallOutput(LoggerContext context, CountDownLatch release) {
    AppenderBase<ILoggingEvent> stalled =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    stalled.setContext(context);
    stalled.start();
    ((LoggingEventAsyncDisruptorAppender)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console"))
        .addAppender(stalled);
  }
}
