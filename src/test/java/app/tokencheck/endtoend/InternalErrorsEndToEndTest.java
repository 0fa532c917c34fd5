package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import app.tokencheck.logging.Correlation;
import app.tokencheck.operations.CapturedLogs;
import app.tokencheck.tokenstore.Database;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work that fails in an unforeseen way after an empty acknowledgement still answers the person,
 * with the internal-error reply and no trace of the exception. The fault is a row the app's own
 * schema forbids (a missing timestamp), written while the app is stopped.
 */
final class InternalErrorsEndToEndTest {
  private static final String LEAD = "U0LEAD";
  private static final String ADA = "U0ADA";
  private static final String TOKEN = "cf_pat_internal_0000000000000000000cccc";
  private static final String INTERNAL_ERROR = "Something went wrong inside the app";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private Settings settings;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(LEAD, "lead@example.com", user -> {});
    slack.addMember(ADA, "ada@example.com", user -> {});
    settings =
        AppUnderTest.settings(slack, clearFeed, data)
            .withStaff(List.of(LEAD), Optional.empty(), Duration.ofDays(90));
    app = new AppUnderTest(slack, settings);
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
  }

  /** Stops the app, runs {@code statements} on its database, and starts it again. */
  private void corrupt(String... statements) throws Exception {
    app.close();
    try (Database database = Database.open(Optional.empty(), data);
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    } catch (SQLException e) {
      throw new AssertionError("Could not prepare the fault", e);
    }
    app = new AppUnderTest(slack, settings);
  }

  @Test
  void historyThatFailsAnswersWithTheInternalError() throws Exception {
    corrupt(
        "ALTER TABLE check_record ALTER COLUMN checked_at SET NULL",
        "INSERT INTO check_record (checked_at, requested_by, subject, outcome, duration_ms)"
            + " VALUES (NULL, '"
            + ADA
            + "', '"
            + ADA
            + "', 'OK', 1)");

    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(app.command(ADA, "history").statusCode()).isEqualTo(200);
      String reply = slack.nextReply();

      assertAnsweredWithInternalError(reply);
      assertLoggedOnce(logs, "history");
    }
  }

  @Test
  void forgetThatFailsAnswersWithTheInternalError() throws Exception {
    app.storeToken(ADA, TOKEN, null);
    corrupt(
        "ALTER TABLE stored_token ALTER COLUMN stored_at SET NULL",
        "UPDATE stored_token SET stored_at = NULL");

    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(app.command(ADA, "forget").statusCode()).isEqualTo(200);
      String reply = slack.nextReply();

      assertAnsweredWithInternalError(reply);
      assertLoggedOnce(logs, "forget");
    }
  }

  @Test
  void handOverClickThatFailsAnswersWithTheInternalError() throws Exception {
    app.storeToken(ADA, TOKEN, null);
    app.command(LEAD, "<@" + ADA + "|ada>");
    String handover = handoverId(slack.nextReply());
    corrupt(
        "ALTER TABLE handover ALTER COLUMN created_at SET NULL",
        "UPDATE handover SET created_at = NULL");

    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(app.click(LEAD, "handover_send", handover).statusCode()).isEqualTo(200);
      String reply = slack.nextReply();

      assertAnsweredWithInternalError(reply);
      assertLoggedOnce(logs, "handover_send");
    }
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void doctorThatFailsAnswersWithTheInternalError() throws Exception {
    // While the app runs (a restart would refuse the history): Flyway cannot read the version.
    try (Database database = Database.open(Optional.empty(), data);
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE \"flyway_schema_history\" SET \"version\" = 'not a version'"
              + " WHERE \"version\" = '2'");
    }

    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(app.command(LEAD, "doctor").statusCode()).isEqualTo(200);
      String reply = slack.nextReply();

      assertAnsweredWithInternalError(reply);
      assertLoggedOnce(logs, "doctor");
    }
  }

  private static void assertAnsweredWithInternalError(String reply) {
    Reply parsed = Reply.parse(reply);
    assertThat(parsed.text()).startsWith(INTERNAL_ERROR);
    assertThat(parsed.responseType()).isEqualTo("ephemeral");
    assertThat(reply).doesNotContain("Exception").doesNotContain("at app.tokencheck");
  }

  /** One ERROR line with the exception and one command line, under the same correlation ID. */
  private static void assertLoggedOnce(CapturedLogs logs, String action) throws Exception {
    ILoggingEvent command =
        logs.await(
            event ->
                event
                    .getFormattedMessage()
                    .contains("action=" + action + " outcome=INTERNAL_ERROR"));
    // The app's own lines only: the capture is JVM-wide, and a Socket Mode client left by another
    // test class can still be logging its reconnection errors.
    List<ILoggingEvent> errors =
        logs.events().stream()
            .filter(event -> event.getLevel() == Level.ERROR)
            .filter(event -> event.getLoggerName().startsWith("app.tokencheck."))
            .toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getThrowableProxy()).isNotNull();
    assertThat(errors.get(0).getMDCPropertyMap().get(Correlation.KEY))
        .isNotNull()
        .isEqualTo(command.getMDCPropertyMap().get(Correlation.KEY));
    assertThat(
            logs.events().stream()
                .filter(event -> event.getFormattedMessage().startsWith("command "))
                .count())
        .isEqualTo(1);
  }

  private static String handoverId(String reply) throws Exception {
    for (JsonNode block : JSON.readTree(reply).path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("handover_send".equals(element.path("action_id").asText())) {
          return element.path("value").asText();
        }
      }
    }
    throw new AssertionError("No hand-over button in " + reply);
  }
}
