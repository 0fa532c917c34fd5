package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} follows the shared database: the app runs on an H2 server reached over TCP,
 * the way instances reach a managed PostgreSQL, and the test stops and restarts that server.
 */
final class HealthOperationsTest {
  private static final String ADA = "U0ADA";
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /**
   * Slower than HikariCP's 500 ms "alive bypass window": a pooled connection idle for longer is
   * checked before it is handed out, the way a platform's health checker every few seconds sees it.
   */
  private static final Duration PLATFORM_POLL = Duration.ofMillis(600);

  @TempDir Path databaseFiles;
  @TempDir Path data;
  private Server database;
  private int databasePort;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    database = startDatabase(0);
    databasePort = database.getPort();
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    app = new AppUnderTest(slack, sharedDatabaseSettings());
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
    database.stop();
  }

  @Test
  void readyAppWithReachableDatabaseIsHealthy() throws Exception {
    HttpResponse<String> health = app.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void databaseOutageMakesHealthAnswer503AndChecksSaySo() throws Exception {
    database.stop();

    int status = healthOnce(503, PLATFORM_POLL);
    HttpResponse<String> ack = app.command(ADA, "");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(status).isEqualTo(503);
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("Checking your ClearFeed token");
    assertThat(reply.text()).startsWith("The app's database is unavailable right now");
    assertThat(reply.responseType()).isEqualTo("ephemeral");
  }

  @Test
  void databaseThatComesBackMakesTheAppHealthyWithoutRestart() throws Exception {
    database.stop();
    int during = healthOnce(503, PLATFORM_POLL);

    database = startDatabase(databasePort);
    int after = healthOnce(200, PLATFORM_POLL);
    app.command(ADA, "");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(during).isEqualTo(503);
    assertThat(after).isEqualTo(200);
    assertThat(reply.verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void deadPooledConnectionDoesNotKeepHealthAt503UnderFrequentPolling() throws Exception {
    app.get("/health");
    abortTheAppsDatabaseSessions();

    int status = healthOnce(200, Duration.ofMillis(100));

    assertThat(status).isEqualTo(200);
  }

  private Settings sharedDatabaseSettings() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Settings.of(
        AppUnderTest.BOT_TOKEN,
        AppUnderTest.SIGNING_SECRET,
        URI.create(slack.apiUrl()),
        URI.create(clearFeed.url()),
        Duration.ofSeconds(2),
        Optional.of(databaseUrl()),
        data,
        Optional.of(Base64.getEncoder().encodeToString(key)));
  }

  private String databaseUrl() {
    return "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/tokencheck";
  }

  /** An H2 server on loopback only; port 0 picks a free one. Retries while the port is in use. */
  private Server startDatabase(int port) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        return Server.createTcpServer(
                "-tcpPort",
                String.valueOf(port),
                "-baseDir",
                databaseFiles.toString(),
                "-ifNotExists")
            .start();
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Ends every database session but its own, as a database failover does. */
  private void abortTheAppsDatabaseSessions() throws SQLException {
    try (Connection admin = DriverManager.getConnection(databaseUrl());
        Statement statement = admin.createStatement()) {
      List<Integer> sessions = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS"
                  + " WHERE SESSION_ID <> SESSION_ID()")) {
        while (rows.next()) {
          sessions.add(rows.getInt(1));
        }
      }
      for (int session : sessions) {
        statement.execute("CALL ABORT_SESSION(" + session + ")");
      }
    }
  }

  /** Polls {@code /health} every {@code interval} until it answers {@code wanted}, for 10 s. */
  private int healthOnce(int wanted, Duration interval) throws Exception {
    return app.healthOnce(wanted, interval, PATIENCE);
  }
}
