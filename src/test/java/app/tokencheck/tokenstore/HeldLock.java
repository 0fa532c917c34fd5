package app.tokencheck.tokenstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A transaction of another connection, holding what its statement locked until closed. */
public final class HeldLock implements AutoCloseable {
  private final Connection holder;

  private HeldLock(Connection holder) {
    this.holder = holder;
  }

  /** Runs {@code sql} in a transaction left open until the returned lock is closed. */
  public static HeldLock hold(DataSource dataSource, String sql) throws SQLException {
    Connection holder = dataSource.getConnection();
    try {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      holder.close();
      throw e;
    }
    return new HeldLock(holder);
  }

  @Override
  public void close() throws SQLException {
    try {
      holder.rollback();
    } finally {
      holder.close();
    }
  }
}
