package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.operations.AppProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin who starts a correctly configured app, in its own JVM as a platform does, sees no
 * warning: every WARN or ERROR line in the log is then something they must act on.
 */
final class QuietStartOperationsTest {
  private static final String ADA = "U0ADA";

  @TempDir Path data;

  @Test
  void aHealthyStartAndCommandLogNoWarning() throws Exception {
    List<String> stdout;
    List<String> stderr;
    int port = AppProcess.freePort();
    try (FakeSlack slack = new FakeSlack();
        FakeClearFeed clearFeed = new FakeClearFeed();
        AppProcess app = AppProcess.start(environment(slack, clearFeed, port))) {
      slack.addMember(ADA, "ada@example.com", user -> {});
      app.awaitLine(line -> line.contains("Listening on port " + port));
      app.postToSlackEvents(
          AppUnderTest.encode(AppUnderTest.commandFields(ADA, "help", slack.newResponseUrl())),
          AppUnderTest.SIGNING_SECRET);
      app.awaitLine(line -> line.contains("command user=" + ADA + " action=help"));
      app.terminate();
      app.waitFor(Duration.ofSeconds(20));
      stdout = app.stdout();
      stderr = app.stderr();
    }

    assertThat(stdout).anyMatch(line -> line.contains(" INFO "));
    assertThat(stdout).noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
    assertThat(stderr).isEmpty();
  }

  private Map<String, String> environment(FakeSlack slack, FakeClearFeed clearFeed, int port) {
    return AppUnderTest.processEnvironment(slack, clearFeed, port, data);
  }
}
