package app.tokencheck;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.operations.AppProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lines logged just before the process exits are written, in the shipped logging setup. */
final class ExitLoggingTest {

  @Test
  void linesLoggedJustBeforeSystemExitAreAllWritten() throws Exception {
    AppProcess.Finished run =
        AppProcess.run(LogsThenExits.class.getName(), Map.of("PATH", ""), Duration.ofSeconds(30));

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stdout()).hasSize(LogsThenExits.LINES);
    assertThat(run.stdout().get(LogsThenExits.LINES - 1))
        .endsWith("LogsThenExits - line " + (LogsThenExits.LINES - 1));
    assertThat(run.stderr()).isEmpty();
  }
}
