package app.tokencheck.operations;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.StoredToken;
import app.tokencheck.tokenstore.TokenStore;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances on one PostgreSQL database, as behind a PaaS router: they may start at the same
 * moment and write the same person's row at the same moment.
 */
final class SharedDatabaseTest {
  private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");

  @TempDir Path unused;
  private FreshSchema schema;
  private final ExecutorService instances = Executors.newFixedThreadPool(2);
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void createSchema() throws Exception {
    schema = FreshSchema.create();
  }

  @AfterEach
  void dropSchema() throws Exception {
    opened.forEach(Database::close);
    instances.shutdownNow();
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void instancesStartingTogetherBothStartAndMigrateOnce() throws Exception {
    List<Database> both = openTogether();

    assertThat(both).hasSize(2).allMatch(Database::reachable);
    long applied =
        schema.count("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL");
    long versions =
        schema.count(
            "SELECT COUNT(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL");
    assertThat(applied).isPositive().isEqualTo(versions);
    assertThat(schema.count("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success"))
        .isZero();
    assertThat(schema.count("SELECT COUNT(*) FROM stored_token")).isZero();
  }

  @Test
  void twoInstancesSavingOnePersonAtOnceLeaveOneRowBothRead() throws Exception {
    SecretKey key = randomKey();
    List<Database> both = openTogether();
    TokenStore first = new TokenStore(both.get(0), key);
    TokenStore second = new TokenStore(both.get(1), key);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add("cfpat_concurrent_" + i + "_4f9a2c7e1b3d");
    }

    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> saves = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < tokens.size(); i++) {
        TokenStore store = i % 2 == 0 ? first : second;
        String token = tokens.get(i);
        saves.add(
            writers.submit(
                () -> {
                  go.await();
                  store.save("U1", token, Optional.empty(), NOW);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> save : saves) {
        save.get(30, TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }

    assertThat(schema.count("SELECT COUNT(*) FROM stored_token WHERE slack_user_id = 'U1'"))
        .isEqualTo(1);
    Optional<StoredToken> seenByFirst = first.find("U1");
    assertThat(seenByFirst).map(StoredToken::token).get().isIn(tokens);
    assertThat(second.find("U1"))
        .map(StoredToken::token)
        .isEqualTo(seenByFirst.map(StoredToken::token));
  }

  /** Opens the schema from two threads released at the same instant, as two instances would. */
  private List<Database> openTogether() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Callable<Database> open =
        () -> {
          go.await();
          return Database.open(Optional.of(schema.databaseUrl()), unused);
        };
    Future<Database> a = instances.submit(open);
    Future<Database> b = instances.submit(open);
    go.countDown();
    opened.add(a.get(60, TimeUnit.SECONDS));
    opened.add(b.get(60, TimeUnit.SECONDS));
    return List.copyOf(opened);
  }

  private static SecretKey randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SecretKeySpec(bytes, "AES");
  }
}
