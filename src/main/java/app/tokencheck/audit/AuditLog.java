package app.tokencheck.audit;

import app.tokencheck.tokenstore.BoundedConnection;
import app.tokencheck.tokenstore.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every check, kept for the retention period.
 *
 * <p>Writing a record never fails a check: a database problem, or a write that outlasts its bound,
 * is logged and the person still gets their answer.
 */
public final class AuditLog {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final Database database;

  public AuditLog(Database database) {
    this.database = database;
  }

  public void record(CheckRecord record) {
    String sql =
        "INSERT INTO check_record (checked_at, requested_by, subject, outcome, duration_ms)"
            + " VALUES (?, ?, ?, ?, ?)";
    // Short: the check's reply waits on this record.
    try (BoundedConnection connection = database.connect(Database.Bound.SHORT);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setObject(1, OffsetDateTime.ofInstant(record.checkedAt(), ZoneOffset.UTC));
      statement.setString(2, record.requestedBy());
      statement.setString(3, record.subject().orElse(null));
      statement.setString(4, record.outcome());
      statement.setInt(5, (int) Math.min(Integer.MAX_VALUE, record.duration().toMillis()));
      statement.executeUpdate();
    } catch (SQLException e) {
      log.warn("Could not record a check of outcome {}", record.outcome(), e);
    }
  }

  /** The newest {@code limit} checks about {@code subject}. */
  public List<CheckRecord> about(String subject, int limit) {
    return query(
        "SELECT checked_at, requested_by, subject, outcome, duration_ms FROM check_record"
            + " WHERE subject = ? ORDER BY checked_at DESC, id DESC",
        limit,
        subject);
  }

  /** The newest {@code limit} checks about {@code user} or asked for by them. */
  public List<CheckRecord> involving(String user, int limit) {
    return query(
        "SELECT checked_at, requested_by, subject, outcome, duration_ms FROM check_record"
            + " WHERE subject = ? OR requested_by = ? ORDER BY checked_at DESC, id DESC",
        limit,
        user,
        user);
  }

  /** Deletes records older than {@code cutoff}; returns how many. */
  public int deleteBefore(Instant cutoff) {
    try (BoundedConnection connection = database.connect(Database.Bound.LONG);
        PreparedStatement statement =
            connection.prepare("DELETE FROM check_record WHERE checked_at < ?")) {
      statement.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      return statement.executeUpdate();
    } catch (SQLException e) {
      log.warn("Could not delete expired check records", e);
      return 0;
    }
  }

  private List<CheckRecord> query(String sql, int limit, String... parameters) {
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement = connection.prepare(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.setMaxRows(limit);
      List<CheckRecord> records = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(
              new CheckRecord(
                  rows.getObject(1, OffsetDateTime.class).toInstant(),
                  rows.getString(2),
                  Optional.ofNullable(rows.getString(3)),
                  rows.getString(4),
                  Duration.ofMillis(rows.getInt(5))));
        }
      }
      return records;
    } catch (SQLException e) {
      throw new app.tokencheck.tokenstore.StoreUnavailableException(
          "Could not read the check record", e);
    }
  }
}
