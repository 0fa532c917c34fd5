package app.tokencheck.handover;

import app.tokencheck.tokenstore.BoundedConnection;
import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Hand-overs, kept so that each step happens once however often a button is clicked, and on
 * whichever instance the click lands: the first {@code UPDATE} that changes a row wins.
 */
public final class HandoverStore {
  private final Database database;

  public HandoverStore(Database database) {
    this.database = database;
  }

  public Handover create(String staffUser, String subject, String outcome, Instant now) {
    Handover handover =
        new Handover(
            UUID.randomUUID().toString(),
            staffUser,
            subject,
            outcome,
            now,
            Optional.empty(),
            Optional.empty());
    String sql =
        "INSERT INTO handover (id, staff_user, subject, outcome, created_at) VALUES (?, ?, ?, ?, ?)";
    // Short: written while the check's reply is being rendered, and the reply waits on it.
    try (BoundedConnection connection = database.connect(Database.Bound.SHORT);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setString(1, handover.id());
      statement.setString(2, staffUser);
      statement.setString(3, subject);
      statement.setString(4, outcome);
      statement.setObject(5, utc(now));
      statement.executeUpdate();
      return handover;
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not store a hand-over", e);
    }
  }

  public Optional<Handover> find(String id) {
    String sql =
        "SELECT id, staff_user, subject, outcome, created_at, sent_at, resolved_at"
            + " FROM handover WHERE id = ?";
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setString(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Handover(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getObject(5, OffsetDateTime.class).toInstant(),
                instant(row.getObject(6, OffsetDateTime.class)),
                instant(row.getObject(7, OffsetDateTime.class))));
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not read a hand-over", e);
    }
  }

  /** Marks the owner as messaged; true only for the first caller. */
  public boolean markSent(String id, Instant now) {
    return stamp("sent_at", id, now);
  }

  /**
   * Undoes {@link #markSent} when the message did not go out, so that a later click can send it.
   * Only the caller whose {@code markSent} returned true may call it: while {@code sent_at} is set
   * nobody else can stamp it, so clearing it by ID alone cannot undo another click's claim.
   */
  public void unmarkSent(String id) {
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement =
            connection.prepare("UPDATE handover SET sent_at = NULL WHERE id = ?")) {
      statement.setString(1, id);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not update a hand-over", e);
    }
  }

  /** Marks the re-check as OK and the support person as told; true only for the first caller. */
  public boolean markResolved(String id, Instant now) {
    return stamp("resolved_at", id, now);
  }

  /** Deletes hand-overs created before {@code cutoff}; returns how many. */
  public int deleteBefore(Instant cutoff) {
    try (BoundedConnection connection = database.connect(Database.Bound.LONG);
        PreparedStatement statement =
            connection.prepare("DELETE FROM handover WHERE created_at < ?")) {
      statement.setObject(1, utc(cutoff));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not delete expired hand-overs", e);
    }
  }

  private boolean stamp(String column, String id, Instant now) {
    String sql = "UPDATE handover SET " + column + " = ? WHERE id = ? AND " + column + " IS NULL";
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setObject(1, utc(now));
      statement.setString(2, id);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not update a hand-over", e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Optional<Instant> instant(OffsetDateTime value) {
    return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
  }
}
