package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.TimeZone;
import org.h2.util.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** The token store on the embedded H2 file database, the default without {@code DATABASE_URL}. */
final class H2TokenStoreTest extends TokenStoreContract {

  @Override
  Database open(Path dataDirectory) {
    return Database.open(Optional.empty(), dataDirectory);
  }

  @Test
  void embeddedDatabaseUsesTheH2Dialect() {
    Database.Dialect dialect = database.dialect();

    assertThat(dialect).isEqualTo(Database.Dialect.H2);
  }

  @Test
  void embeddedDatabaseKeepsASmallPageCache() throws Exception {
    Optional<String> cacheKb;
    try (Connection connection = database.dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME = 'CACHE_SIZE'")) {
      cacheKb = row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    }

    // H2's default is 16 MB of cached pages, mostly of the audit log, that every full
    // collection must walk.
    assertThat(cacheKb).contains("1024");
  }

  @Test
  void reopeningTheDataDirectoryAfterARestartKeepsTheTokens() {
    store.save("U1", TOKEN, Optional.of("ann@example.com"), NOW);
    database.close();

    database = open(dataDirectory);

    assertThat(new TokenStore(database, key).find("U1")).map(StoredToken::token).contains(TOKEN);
  }

  @Test
  void instantInTheRepeatedAutumnHourComesBackUnchanged() {
    Instant secondOneThirty = Instant.parse("2026-10-25T01:30:00Z");
    TimeZone jvmZone = TimeZone.getDefault();
    inJvmZone(TimeZone.getTimeZone("Europe/Berlin"));

    Optional<StoredToken> found;
    try (Database berlin = open(dataDirectory.resolve("berlin"))) {
      TokenStore berlinStore = new TokenStore(berlin, key);
      berlinStore.save("U1", TOKEN, Optional.empty(), secondOneThirty);
      found = berlinStore.find("U1");
    } finally {
      inJvmZone(jvmZone);
    }

    assertThat(found).map(StoredToken::storedAt).contains(secondOneThirty);
  }

  /** H2 caches the JVM's zone until told to read it again; its sessions copy it when opened. */
  private static void inJvmZone(TimeZone zone) {
    TimeZone.setDefault(zone);
    DateTimeUtils.resetCalendar();
  }
}
