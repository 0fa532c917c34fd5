package app.tokencheck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped logging configuration loads without a warning: logback prints its whole internal
 * status to standard output at start-up as soon as one is raised.
 */
final class LogbackConfigurationTest {

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void loadsWithoutWarningsInEitherFormat(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("tokencheck.log.format", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);

    configurator.doConfigure(getClass().getResource("/logback.xml"));

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(status -> status.getLevel() >= Status.WARN)
        .extracting(Status::getMessage)
        .isEmpty();
    context.stop();
  }
}
