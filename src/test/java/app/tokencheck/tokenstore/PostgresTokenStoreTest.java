package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The token store on PostgreSQL, the database named by {@code TEST_DATABASE_URL}.
 *
 * <p>Skipped on a developer machine without PostgreSQL; under CI ({@code CI=true}) a missing
 * database fails every test, so a misconfigured pipeline cannot pass by skipping them.
 */
final class PostgresTokenStoreTest extends TokenStoreContract {

  @Override
  Database open(Path dataDirectory) {
    return Database.open(Optional.of(TestDatabase.postgresUrl()), dataDirectory);
  }

  @Test
  void databaseUrlSelectsThePostgresqlDialect() {
    Database.Dialect dialect = database.dialect();

    assertThat(dialect).isEqualTo(Database.Dialect.POSTGRESQL);
  }

  @Test
  void readBehindALockedTableGivesUpWithinItsBound() throws Exception {
    store.save("U1", TOKEN, Optional.empty(), NOW);

    Timed find;
    HeldLock lock = hold("LOCK TABLE stored_token IN ACCESS EXCLUSIVE MODE");
    try {
      find = timed(() -> store.find("U1"));
    } finally {
      lock.close();
    }

    assertThat(find.thrown()).isInstanceOf(StoreUnavailableException.class);
    // Its bound and a margin for a busy machine; without one, it would wait forever.
    assertThat(find.took())
        .isLessThan(Duration.ofMillis(Database.Bound.NORMAL.networkMillis() + 1_500));
  }

  @Test
  void readOnAConnectionThatStopsAnsweringGivesUpWithinItsBound() throws Exception {
    store.save("U1", TOKEN, Optional.empty(), NOW);
    URI direct = URI.create(TestDatabase.postgresUrl());
    SilentProxy proxy = new SilentProxy(direct.getHost(), direct.getPort());
    Database relayed = null;
    Timed find;
    try {
      URI through =
          new URI(
              direct.getScheme(),
              direct.getRawUserInfo(),
              "127.0.0.1",
              proxy.port(),
              direct.getRawPath(),
              direct.getRawQuery(),
              null);
      relayed = Database.open(Optional.of(through.toString()), dataDirectory);
      TokenStore relayedStore = new TokenStore(relayed, key);
      // Just used, the connection is lent again without a liveness test: the statement meets the
      // silence itself, as on a connection that died between two checks.
      relayedStore.find("U1");
      proxy.goSilent();

      find = timed(() -> relayedStore.find("U1"));
    } finally {
      // The relay first: closing the pool must not wait on a silent connection.
      proxy.close();
      if (relayed != null) {
        relayed.close();
      }
    }

    assertThat(find.thrown()).isInstanceOf(StoreUnavailableException.class);
    // The 3 s bound, then up to the 1 s the driver gives its unanswered cancel request, and a
    // margin for a busy machine (with the driver's default cancel wait it took about 13 s).
    assertThat(find.took()).isLessThan(Duration.ofMillis(7_000));
  }
}
