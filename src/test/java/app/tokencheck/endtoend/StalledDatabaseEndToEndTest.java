package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import app.tokencheck.operations.FreshSchema;
import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.HeldLock;
import app.tokencheck.tokenstore.OffThread;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements that the database holds up, on PostgreSQL, where nothing but the app's own bounds ends
 * the wait: each person still gets an answer in time, never a "Checking…" left unanswered.
 */
final class StalledDatabaseEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String TOKEN = "cf_pat_stalled_00112233445566778899aabbccdd";
  private static final String NEW_TOKEN = "cf_pat_stalled_renewed_0000000000000000abcd";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path sideData;
  private FreshSchema schema;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;
  private Database side;

  @BeforeEach
  void start() throws Exception {
    schema = FreshSchema.create();
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    app = new AppUnderTest(slack, settings());
    app.storeToken(ADA, TOKEN, null);
    // A second pool on the same schema, for the transactions that hold the app's statements up.
    side = Database.open(Optional.of(schema.databaseUrl()), sideData);
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (side != null) {
      side.close();
    }
    if (slack != null) {
      slack.close();
    }
    if (clearFeed != null) {
      clearFeed.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void formSavedBehindALockedRowIsAnsweredWithinSlacksThreeSeconds() throws Exception {
    OffThread<HttpResponse<String>> submit;
    HeldLock lock =
        hold("SELECT * FROM stored_token WHERE slack_user_id = '" + ADA + "' FOR UPDATE");
    try {
      submit = timed(() -> app.submitForm(ADA, ADA, NEW_TOKEN, null));
    } finally {
      lock.close();
    }

    assertThat(submit.value().statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(submit.value().body()).path("errors").path("token").asText())
        .startsWith("Could not save: the app's database is unavailable");
    assertThat(submit.took()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void checkBehindALockedTokenTableAnswersThatTheDatabaseIsUnavailable() throws Exception {
    OffThread<Reply> check;
    HeldLock lock = hold("LOCK TABLE stored_token IN ACCESS EXCLUSIVE MODE");
    try {
      check = timed(this::check);
    } finally {
      lock.close();
    }

    assertThat(check.value().text()).startsWith("The app's database is unavailable right now");
    // The 3 s that reading a token may take, and the moment the rest of the check needs.
    assertThat(check.took()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void checkThatFindsTheDatabaseUnavailableIsAnsweredBeforeItsRecordIsTried() throws Exception {
    OffThread<Reply> check;
    HeldLock lock = hold("LOCK TABLE stored_token, check_record IN ACCESS EXCLUSIVE MODE");
    try {
      check = timed(this::check);
    } finally {
      lock.close();
    }

    assertThat(check.value().text()).startsWith("The app's database is unavailable right now");
    // The 3 s that reading the token may take, and not the second more of the record's insert
    // (4 s when the record came first); the rest of the margin is for a busy machine.
    assertThat(check.took()).isLessThan(Duration.ofMillis(3_800));
  }

  @Test
  void checkWhoseRecordCannotBeWrittenStillDeliversItsDiagnosis() throws Exception {
    clearFeed.accept(TOKEN);

    OffThread<Reply> check;
    // SHARE mode lets the check read but blocks every INSERT into the record.
    HeldLock lock = hold("LOCK TABLE check_record IN SHARE MODE");
    try {
      check = timed(this::check);
    } finally {
      lock.close();
    }

    assertThat(check.value().verdict()).contains("*OK*");
    // The record gives up after a second instead of holding the reply.
    assertThat(check.took()).isLessThan(Duration.ofSeconds(3));
  }

  private Reply check() throws Exception {
    assertThat(app.command(ADA, "").statusCode()).isEqualTo(200);
    return Reply.parse(slack.nextReply());
  }

  private Settings settings() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Settings.of(
        AppUnderTest.BOT_TOKEN,
        AppUnderTest.SIGNING_SECRET,
        URI.create(slack.apiUrl()),
        URI.create(clearFeed.url()),
        Duration.ofSeconds(2),
        Optional.of(schema.databaseUrl()),
        data,
        Optional.of(Base64.getEncoder().encodeToString(key)));
  }

  private HeldLock hold(String sql) throws SQLException {
    return HeldLock.hold(side.dataSource(), sql);
  }

  private static <T> OffThread<T> timed(Callable<T> call) throws Exception {
    return OffThread.run(call);
  }
}
