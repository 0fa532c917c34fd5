package app.tokencheck.tokenstore;

import app.tokencheck.config.SettingsException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and schema: PostgreSQL when a URL is given, otherwise an H2 file database.
 *
 * <p>Both run the same Flyway migrations from {@code db/migration}. The app's statements go through
 * {@link #connect}, which bounds how long each may take.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * How long one statement may take. The pool bounds only the wait for a connection: without these,
   * a stalled database or a half-open connection would hold a worker for good.
   */
  public enum Bound {
    /**
     * What Slack's three seconds or a reply wait on: the form's save and pre-fill, a check's record
     * and hand-over. With the 1.5 s wait for a connection, it fits in Slack's three seconds.
     */
    SHORT(1),
    /** Work whose answer goes later to a response URL: reading a token, history, hand-overs. */
    NORMAL(3),
    /** Clean-up and key rotation, which may touch many rows and have no one waiting. */
    LONG(30);

    private final int seconds;

    Bound(int seconds) {
      this.seconds = seconds;
    }

    /** The query timeout, in JDBC's whole seconds. */
    int seconds() {
      return seconds;
    }

    /**
     * A moment longer than the query timeout: a database that still answers cancels the statement
     * and keeps the connection; the socket gives up only when nothing comes back at all.
     */
    int networkMillis() {
      return seconds * 1_000 + 500;
    }
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
    // Hikari tests a connection idle for more than half a second before handing it out, for up
    // to five seconds by default: far past the 1.5 s above when the connection is half-open.
    config.setValidationTimeout(1_000);
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
      if (dialect == Dialect.POSTGRESQL) {
        // A statement past its query timeout waits for the driver's cancel request, sent over a
        // new connection that may never be answered: 10 s by default, 1 s here.
        config.addDataSourceProperty("cancelSignalTimeout", "1");
      }
    } else {
      Path file = dataDirectory.toAbsolutePath().resolve("tokencheck");
      // A 1 MB page cache instead of H2's 16 MB: the tables are small, reads are by key, and the
      // cached pages (most of them audit rows nobody reads back) are live objects that every
      // full garbage collection must walk. The benchmark found about 60,000 of them (2.4 MB) in
      // the live heap after 20,000 commands.
      config.setJdbcUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=1024");
      dialect = Dialect.H2;
    }
    if (dialect == Dialect.H2) {
      // H2's query timeout does not end a wait for a row lock; its lock timeout (2 s by default)
      // does. One second, the shortest Bound, keeps a form's save within Slack's three seconds.
      config.setConnectionInitSql("SET LOCK_TIMEOUT 1000");
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
    try (Connection connection = dataSource.getConnection()) {
      if (connection.isValid(1)) {
        return true;
      }
      // The pool re-checks idle connections only every half second; a health check polling
      // faster would keep getting this dead one back.
      dataSource.evictConnection(connection);
      return false;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * A pooled connection whose statements give up after {@code bound}: the query timeout cancels one
   * the database is still running or holding behind a lock, the network timeout ends a connection
   * that no longer answers at all (which no cancel reaches).
   *
   * @throws SQLException also when no connection comes within 1.5 s
   */
  public BoundedConnection connect(Bound bound) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      // The pool puts its own network timeout back when the connection is returned. PostgreSQL's
      // driver ignores the executor; H2's embedded database has no network.
      connection.setNetworkTimeout(Runnable::run, bound.networkMillis());
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return new BoundedConnection(connection, bound.seconds());
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
