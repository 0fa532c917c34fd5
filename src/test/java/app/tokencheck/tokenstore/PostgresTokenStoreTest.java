package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
}
