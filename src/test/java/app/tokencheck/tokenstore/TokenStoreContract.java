package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TokenStore} promises on every database it supports; each subclass opens one.
 *
 * <p>Rows are deleted before each test, so a PostgreSQL database may be reused between runs.
 */
abstract class TokenStoreContract {
  static final String TOKEN = "cfpat_4f9a2c7e1b3d5a6c8e0f";
  static final String OTHER_TOKEN = "cfpat_9b8a7c6d5e4f3a2b1c0d";

  /** PostgreSQL keeps microseconds; an instant with more digits would not come back unchanged. */
  static final Instant NOW = Instant.parse("2026-03-14T09:26:53.589793Z");

  @TempDir Path dataDirectory;

  Database database;
  SecretKey key;
  TokenStore store;

  /** Opens (and migrates) the database under test. */
  abstract Database open(Path dataDirectory);

  @BeforeEach
  void openEmptyStore() throws SQLException {
    database = open(dataDirectory);
    execute(database, "DELETE FROM stored_token");
    key = TestKeys.random();
    store = new TokenStore(database, key);
  }

  @AfterEach
  void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void savedTokenIsFoundWithEmailAndTime() {
    store.save("U1", TOKEN, Optional.of("ann@example.com"), NOW);

    Optional<StoredToken> found = store.find("U1");

    assertThat(found).isPresent();
    assertThat(found.get().slackUserId()).isEqualTo("U1");
    assertThat(found.get().token()).isEqualTo(TOKEN);
    assertThat(found.get().signInEmail()).contains("ann@example.com");
    assertThat(found.get().storedAt()).isEqualTo(NOW);
  }

  @Test
  void tokenSavedWithoutEmailIsFoundWithoutEmail() {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Optional<StoredToken> found = store.find("U1");

    assertThat(found).map(StoredToken::signInEmail).contains(Optional.empty());
  }

  @Test
  void secondSaveReplacesTheFirst() throws SQLException {
    store.save("U1", TOKEN, Optional.of("ann@example.com"), NOW);

    store.save("U1", OTHER_TOKEN, Optional.empty(), NOW.plusSeconds(60));

    Optional<StoredToken> found = store.find("U1");
    assertThat(found).map(StoredToken::token).contains(OTHER_TOKEN);
    assertThat(found).map(StoredToken::signInEmail).contains(Optional.empty());
    assertThat(found).map(StoredToken::storedAt).contains(NOW.plusSeconds(60));
    assertThat(rowCount("U1")).isEqualTo(1);
  }

  @Test
  void tokensOfDifferentPeopleAreKeptApart() {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    store.save("U2", OTHER_TOKEN, Optional.empty(), NOW);

    assertThat(store.find("U1")).map(StoredToken::token).contains(TOKEN);
    assertThat(store.find("U2")).map(StoredToken::token).contains(OTHER_TOKEN);
  }

  @Test
  void deleteSaysWhetherThereWasAToken() {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    boolean first = store.delete("U1");
    boolean second = store.delete("U1");

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(store.find("U1")).isEmpty();
  }

  @Test
  void signInEmailIsReadOnItsOwn() {
    store.save("U1", TOKEN, Optional.of("ann@example.com"), NOW);
    store.save("U2", OTHER_TOKEN, Optional.empty(), NOW);

    Optional<String> saved = store.signInEmail("U1");
    Optional<String> none = store.signInEmail("U2");
    Optional<String> nobody = store.signInEmail("U404");

    assertThat(saved).contains("ann@example.com");
    assertThat(none).isEmpty();
    assertThat(nobody).isEmpty();
  }

  @Test
  void signInEmailIsReadEvenWhenTheTokenIsUnreadable() {
    new TokenStore(database, TestKeys.random())
        .save("U1", TOKEN, Optional.of("ann@example.com"), NOW);

    Optional<String> email = store.signInEmail("U1");

    assertThat(email).contains("ann@example.com");
  }

  @Test
  void unknownPersonHasNoToken() {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Optional<StoredToken> found = store.find("U404");

    assertThat(found).isEmpty();
  }

  @Test
  void rowHoldsCiphertextNotTheToken() throws SQLException {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    String stored = ciphertextOf("U1");

    assertThat(stored).isNotBlank().isNotEqualTo(TOKEN).doesNotContain(TOKEN);
  }

  @Test
  void rowWrittenWithAnotherKeyIsUnreadable() {
    new TokenStore(database, TestKeys.random()).save("U1", TOKEN, Optional.empty(), NOW);

    Throwable thrown = catchThrowable(() -> store.find("U1"));

    assertThat(thrown)
        .isInstanceOf(UnreadableTokenException.class)
        .hasMessageContaining("U1")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void ciphertextCopiedOntoAnotherPersonsRowIsUnreadable() throws SQLException {
    store.save("U1", TOKEN, Optional.empty(), NOW);
    store.save("U2", OTHER_TOKEN, Optional.empty(), NOW);
    copyCiphertext("U1", "U2");

    Throwable thrown = catchThrowable(() -> store.find("U2"));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class);
  }

  @Test
  void openingTheMigratedDatabaseAgainKeepsItsRows() {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Optional<StoredToken> found;
    try (Database again = open(dataDirectory)) {
      found = new TokenStore(again, key).find("U1");
    }

    assertThat(found).map(StoredToken::token).contains(TOKEN);
  }

  @Test
  void closedDatabaseMakesEveryCallUnavailableWithoutShowingTheToken() {
    database.close();

    Throwable onSave = catchThrowable(() -> store.save("U1", TOKEN, Optional.empty(), NOW));
    Throwable onFind = catchThrowable(() -> store.find("U1"));
    Throwable onDelete = catchThrowable(() -> store.delete("U1"));
    Throwable onEmail = catchThrowable(() -> store.signInEmail("U1"));

    assertThat(onSave)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining(TOKEN)
        .hasCauseInstanceOf(SQLException.class);
    assertThat(onSave.getCause()).hasMessageNotContaining(TOKEN);
    assertThat(onFind).isInstanceOf(StoreUnavailableException.class);
    assertThat(onDelete).isInstanceOf(StoreUnavailableException.class);
    assertThat(onEmail).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void concurrentSavesForOnePersonLeaveExactlyOneRow() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<String> tokens = new ArrayList<>();
    List<Callable<Void>> saves = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String token = TOKEN + "-" + i;
      tokens.add(token);
      saves.add(
          () -> {
            start.await();
            store.save("U1", token, Optional.empty(), NOW);
            return null;
          });
    }

    List<Future<Void>> results = new ArrayList<>();
    try {
      for (Callable<Void> save : saves) {
        results.add(pool.submit(save));
      }
      start.countDown();
      for (Future<Void> result : results) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(rowCount("U1")).isEqualTo(1);
    assertThat(store.find("U1")).map(StoredToken::token).get().isIn(tokens);
  }

  @Test
  void saveBehindALockedRowGivesUpInTimeForSlacksThreeSeconds() throws Exception {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Timed save;
    HeldLock lock = hold("SELECT * FROM stored_token WHERE slack_user_id = 'U1' FOR UPDATE");
    try {
      save = timed(() -> store.save("U1", OTHER_TOKEN, Optional.empty(), NOW));
    } finally {
      lock.close();
    }

    assertThat(save.thrown()).isInstanceOf(StoreUnavailableException.class);
    // The form's answer must reach Slack within 3 s, of which the pool may spend 1.5 s. The
    // bound is 1 s; the margin is for a busy machine, and still under H2's own 2 s lock wait.
    assertThat(save.took()).isLessThan(Duration.ofMillis(1_900));
    assertThat(store.find("U1")).map(StoredToken::token).contains(TOKEN);
  }

  @Test
  void deleteBehindALockedRowGivesUpWithinItsBound() throws Exception {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Timed delete;
    HeldLock lock = hold("SELECT * FROM stored_token WHERE slack_user_id = 'U1' FOR UPDATE");
    try {
      delete = timed(() -> store.delete("U1"));
    } finally {
      lock.close();
    }

    assertThat(delete.thrown()).isInstanceOf(StoreUnavailableException.class);
    // Its bound and a margin for a busy machine; without one, PostgreSQL would wait forever.
    assertThat(delete.took())
        .isLessThan(Duration.ofMillis(Database.Bound.NORMAL.networkMillis() + 1_500));
    assertThat(store.find("U1")).isPresent();
  }

  /** Runs {@code sql} in a transaction left open until the returned lock is closed. */
  HeldLock hold(String sql) throws SQLException {
    return HeldLock.hold(database.dataSource(), sql);
  }

  /** What a call threw, if anything, and how long it took. */
  record Timed(Throwable thrown, Duration took) {}

  /** Runs {@code call} on another thread; see {@link OffThread}. */
  static Timed timed(Runnable call) throws Exception {
    OffThread<Throwable> result = OffThread.run(() -> catchThrowable(call::run));
    return new Timed(result.value(), result.took());
  }

  int rowCount(String slackUserId) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM stored_token WHERE slack_user_id = ?")) {
      statement.setString(1, slackUserId);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private String ciphertextOf(String slackUserId) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT token_ciphertext FROM stored_token WHERE slack_user_id = ?")) {
      statement.setString(1, slackUserId);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("row of %s", slackUserId).isTrue();
        return row.getString(1);
      }
    }
  }

  private void copyCiphertext(String from, String to) throws SQLException {
    String ciphertext = ciphertextOf(from);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE stored_token SET token_ciphertext = ? WHERE slack_user_id = ?")) {
      statement.setString(1, ciphertext);
      statement.setString(2, to);
      statement.executeUpdate();
    }
  }

  static void execute(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
