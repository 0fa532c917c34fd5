package app.tokencheck.tokenstore;

import app.tokencheck.config.SettingsException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and schema: PostgreSQL when a URL is given, otherwise an H2 file database.
 *
 * <p>Both run the same Flyway migrations from {@code db/migration}.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** The SQL that differs between the two databases. */
  public enum Dialect {
    H2,
    POSTGRESQL
  }

  /**
   * Opens the database named by {@code databaseUrl} ({@code postgres://user:pass@host/db}, {@code
   * postgresql://…}, {@code jdbc:postgresql://…} or a {@code jdbc:h2:} URL), or the embedded one in
   * {@code dataDirectory}, and migrates it.
   */
  public static Database open(Optional<String> databaseUrl, Path dataDirectory) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tokencheck");
    config.setMaximumPoolSize(5);
    config.setMinimumIdle(1);
    // Short, so that a form submission fails cleanly within Slack's three seconds.
    config.setConnectionTimeout(1_500);
    config.setInitializationFailTimeout(10_000);
    Dialect dialect;
    if (databaseUrl.isPresent()) {
      JdbcTarget target;
      try {
        target = JdbcTarget.parse(databaseUrl.get());
      } catch (IllegalArgumentException e) {
        throw new SettingsException(e.getMessage());
      }
      config.setJdbcUrl(target.jdbcUrl());
      target.user().ifPresent(config::setUsername);
      target.password().ifPresent(config::setPassword);
      // A shared H2 server (jdbc:h2:tcp://…) is accepted too, mostly so tests can stop one.
      dialect = target.jdbcUrl().startsWith("jdbc:h2:") ? Dialect.H2 : Dialect.POSTGRESQL;
    } else {
      Path file = dataDirectory.toAbsolutePath().resolve("tokencheck");
      // A 1 MB page cache instead of H2's 16 MB: the tables are small, reads are by key, and the
      // cached pages (most of them audit rows nobody reads back) are live objects that every
      // full garbage collection must walk. The benchmark found about 60,000 of them (2.4 MB) in
      // the live heap after 20,000 commands.
      config.setJdbcUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=1024");
      dialect = Dialect.H2;
    }
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SettingsException(
          "The database cannot be reached ("
              + rootCause(e)
              + "): check DATABASE_URL, or unset it to use the embedded database");
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource, dialect);
  }

  /** Schema migrations not yet applied; zero once start-up has migrated. */
  public int pendingMigrations() {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .info()
        .pending()
        .length;
  }

  /** True when a connection can be had and answers within a second. */
  public boolean reachable() {
    try (java.sql.Connection connection = dataSource.getConnection()) {
      if (connection.isValid(1)) {
        return true;
      }
      // The pool re-checks idle connections only every half second; a health check polling
      // faster would keep getting this dead one back.
      dataSource.evictConnection(connection);
      return false;
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  /** The innermost cause's type and message, which for JDBC drivers name host and reason. */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return (root.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** A JDBC URL with the credentials a PaaS puts in the URL's user-info moved out of it. */
  record JdbcTarget(String jdbcUrl, Optional<String> user, Optional<String> password) {

    @Override
    public String toString() {
      return "JdbcTarget[jdbcUrl=" + jdbcUrl + "]";
    }

    static JdbcTarget parse(String url) {
      if (url.startsWith("jdbc:")) {
        return new JdbcTarget(url, Optional.empty(), Optional.empty());
      }
      try {
        URI uri = new URI(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
          throw new IllegalArgumentException(
              "DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        // Java's URI leaves host and user-info null for host names with '_' (as container
        // names often have), so the authority is split here by hand.
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
          throw new IllegalArgumentException("DATABASE_URL names no host");
        }
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
          String userInfo = authority.substring(0, at);
          int colon = userInfo.indexOf(':');
          user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
          password =
              colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        String jdbc =
            "jdbc:postgresql://"
                + hostPort
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new JdbcTarget(jdbc, user, password);
      } catch (URISyntaxException e) {
        // The message would repeat the URL and its password; say only what is wrong.
        throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
      }
    }

    /** Decodes percent-escapes only: in a URL's user part, '+' is a plus sign. */
    private static String decode(String part) {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }
}
