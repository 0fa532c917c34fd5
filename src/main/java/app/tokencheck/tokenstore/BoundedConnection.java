package app.tokencheck.tokenstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A pooled connection from {@link Database#connect}; close it to give it back. */
public final class BoundedConnection implements AutoCloseable {
  private final Connection connection;
  private final int timeoutSeconds;

  BoundedConnection(Connection connection, int timeoutSeconds) {
    this.connection = connection;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Prepares {@code sql} with the connection's query timeout. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      statement.setQueryTimeout(timeoutSeconds);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
