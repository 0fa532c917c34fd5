package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
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

    int status = healthOnce(503);
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
    assertThat(healthOnce(503)).isEqualTo(503);

    database = startDatabase(databasePort);
    System.err.println("DEBUG restarted " + database.getStatus());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + databasePort + "/tokencheck")) {
      System.err.println("DEBUG direct ok " + c.isValid(1));
    } catch (Exception e) { e.printStackTrace(); }

    assertThat(healthOnce(200)).isEqualTo(200);
    app.command(ADA, "");
    assertThat(Reply.parse(slack.nextReply()).verdict()).contains("*NO_TOKEN*");
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
        Optional.of("jdbc:h2:tcp://127.0.0.1:" + databasePort + "/tokencheck"),
        data,
        Optional.of(Base64.getEncoder().encodeToString(key)));
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

  /** Polls {@code /health} until it answers {@code wanted}, for at most ten seconds. */
  private int healthOnce(int wanted) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int status = app.get("/health").statusCode();
    while (status != wanted && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = app.get("/health").statusCode();
    }
    return status;
  }
}
