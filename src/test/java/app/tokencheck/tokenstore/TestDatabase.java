package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Where the PostgreSQL tests find their database. */
final class TestDatabase {
  static final String URL_VARIABLE = "TEST_DATABASE_URL";

  private TestDatabase() {}

  /**
   * The {@code postgres://user:pass@host:port/db} URL from {@code TEST_DATABASE_URL}. Without it,
   * fails the test under CI and skips it elsewhere.
   */
  static String postgresUrl() {
    String url = System.getenv(URL_VARIABLE);
    if ((url == null || url.isBlank()) && "true".equals(System.getenv("CI"))) {
      fail(
          "PostgreSQL is required under CI but "
              + URL_VARIABLE
              + " is not set: run the build through .ci/run, which starts PostgreSQL and sets it");
    }
    assumeThat(url)
        .as("%s is not set; for PostgreSQL run: eval \"$(bash .ci/run --db-only)\"", URL_VARIABLE)
        .isNotBlank();
    return url;
  }
}
