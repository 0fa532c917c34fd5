package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.operations.AppProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LOG_FORMAT=json}: the app started the way an operator starts it, in its own JVM, writes
 * one JSON object per line, which log platforms index without parsing rules.
 */
final class JsonLogOperationsTest {
  private static final String ADA = "U0ADA";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  @Test
  void everyLineIsAJsonObjectWithLevelLoggerAndMessage() throws Exception {
    List<JsonNode> lines;
    String listening;
    int port = AppProcess.freePort();
    try (FakeSlack slack = new FakeSlack();
        FakeClearFeed clearFeed = new FakeClearFeed();
        AppProcess app = AppProcess.start(environment(slack, clearFeed, port))) {
      slack.addMember(ADA, "ada@example.com", user -> {});
      listening = app.awaitLine(line -> line.contains("Listening on port"));
      app.postToSlackEvents(
          AppUnderTest.encode(AppUnderTest.commandFields(ADA, "help", slack.newResponseUrl())),
          AppUnderTest.SIGNING_SECRET);
      app.awaitLine(line -> line.contains("command user=" + ADA));
      app.terminate();
      app.waitFor(Duration.ofSeconds(20));
      lines = parse(app.stdout());
    }

    assertThat(lines)
        .isNotEmpty()
        .allSatisfy(
            line -> {
              assertThat(line.isObject()).isTrue();
              assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR");
              assertThat(line.path("loggerName").asText()).isNotBlank();
              assertThat(line.path("formattedMessage").asText()).isNotBlank();
              assertThat(line.path("timestamp").isNumber()).isTrue();
            });
    assertThat(JSON.readTree(listening).path("formattedMessage").asText())
        .startsWith("Listening on port " + port + " (Settings[");
    JsonNode command = only(lines, "command user=" + ADA + " action=help outcome=USAGE");
    assertThat(command.path("level").asText()).isEqualTo("INFO");
    assertThat(command.path("loggerName").asText()).startsWith("app.tokencheck.");
    assertThat(command.path("mdc").path("correlation_id").asText()).matches("[0-9a-f]{12}");
  }

  private Map<String, String> environment(FakeSlack slack, FakeClearFeed clearFeed, int port) {
    Map<String, String> env = AppUnderTest.processEnvironment(slack, clearFeed, port, data);
    env.put("LOG_FORMAT", "json");
    return env;
  }

  private static List<JsonNode> parse(List<String> stdout) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static JsonNode only(List<JsonNode> lines, String messagePrefix) {
    List<JsonNode> matching =
        lines.stream()
            .filter(line -> line.path("formattedMessage").asText().startsWith(messagePrefix))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
