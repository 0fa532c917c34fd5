package app.tokencheck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which events the filter drops before any appender, whatever the configured levels. */
final class QuietSdkFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final QuietSdkFilter filter = new QuietSdkFilter();

  @ParameterizedTest
  @CsvSource({
    // Jetty dumps the bytes it reads at DEBUG, the slash command's text among them.
    "org.eclipse.jetty.io.SocketChannelEndPoint, DEBUG, DENY",
    "org.eclipse.jetty.server.HttpChannel, TRACE, DENY",
    "org.eclipse.jetty.server.Server, INFO, NEUTRAL",
    "org.eclipse.jetty.io.ManagedSelector, WARN, NEUTRAL",
    // The SDK prints request and response bodies at DEBUG.
    "com.slack.api.methods.impl.MethodsClientImpl, DEBUG, DENY",
    "com.slack.api.bolt.App, TRACE, DENY",
    "com.slack.api.bolt.App, WARN, NEUTRAL",
    // Socket Mode's WebSocket library prints its frames, which carry the same payloads.
    "org.java_websocket.WebSocketImpl, TRACE, DENY",
    // Everything else keeps the level it is configured with.
    "app.tokencheck.slack.CheckFlow, DEBUG, NEUTRAL",
    "org.flywaydb.core.Flyway, DEBUG, NEUTRAL",
  })
  void dropsOnlyTheWireLevelEventsOfTheSdkJettyAndWebSocket(
      String logger, String level, String reply) {
    // As if an operator had turned every logger up to TRACE.
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);

    FilterReply decision =
        filter.decide(null, context.getLogger(logger), Level.toLevel(level), "event", null, null);

    assertThat(decision).isEqualTo(FilterReply.valueOf(reply));
  }

  @Test
  void dropsBoltsWarningAboutTheBotTokenTheAppKeepsFromIt() {
    FilterReply noAuthorization =
        filter.decide(
            null,
            context.getLogger("com.slack.api.bolt.App"),
            Level.WARN,
            "Skipped adding any authorization middleware - you need to call `app.use(new"
                + " YourOwnMultiTeamsAuthorization())`",
            null,
            null);
    FilterReply otherWarning =
        filter.decide(
            null,
            context.getLogger("com.slack.api.bolt.App"),
            Level.WARN,
            "Failed to run a middleware",
            null,
            null);

    assertThat(noAuthorization).isEqualTo(FilterReply.DENY);
    assertThat(otherWarning).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void leavesToTheLevelsWhatTheLevelsDropAnyway() {
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);

    FilterReply decision =
        filter.decide(
            null,
            context.getLogger("org.eclipse.jetty.io.SocketChannelEndPoint"),
            Level.DEBUG,
            "event",
            null,
            null);

    assertThat(decision).isEqualTo(FilterReply.NEUTRAL);
    assertThat(context.getLogger("org.eclipse.jetty.io.SocketChannelEndPoint").isDebugEnabled())
        .isFalse();
  }
}
