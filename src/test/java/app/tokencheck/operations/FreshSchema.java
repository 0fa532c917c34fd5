package app.tokencheck.operations;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * An empty schema in the PostgreSQL database of {@code TEST_DATABASE_URL}, standing in for the
 * empty database a PaaS add-on hands out; dropped on close.
 *
 * <p>Without {@code TEST_DATABASE_URL} the test is skipped, except under {@code CI=true}, where it
 * fails: a pipeline without PostgreSQL must not pass by skipping.
 */
public final class FreshSchema implements AutoCloseable {
  private static final String URL_VARIABLE = "TEST_DATABASE_URL";

  private final String baseUrl;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String name;

  private FreshSchema(String baseUrl) throws SQLException {
    URI uri = URI.create(baseUrl);
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    this.baseUrl = baseUrl;
    this.jdbcUrl =
        "jdbc:postgresql://" + uri.getRawAuthority().replaceFirst("^.*@", "") + uri.getRawPath();
    this.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    this.password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    this.name = "ops_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + name);
  }

  /** Creates the schema, or skips (fails under CI) the test when PostgreSQL is not configured. */
  public static FreshSchema create() throws SQLException {
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
    return new FreshSchema(url);
  }

  /** A {@code DATABASE_URL} in the PaaS form whose connections use only this schema. */
  public String databaseUrl() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** The single number {@code sql} selects, with this schema as the search path. */
  public long count(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
    connection.setSchema(name);
    return connection;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA " + name + " CASCADE");
  }
}
