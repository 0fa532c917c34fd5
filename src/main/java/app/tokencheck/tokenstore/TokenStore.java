package app.tokencheck.tokenstore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Keeps one encrypted ClearFeed token per Slack user.
 *
 * <p>Every method either completes or throws {@link StoreUnavailableException}, also when a
 * statement outlasts its {@link Database.Bound}; callers turn that into a message for the person.
 * Nothing is changed then, except when the connection itself went silent: a write the database had
 * already received may still be applied.
 */
public final class TokenStore {
  private static final String UPSERT_H2 =
      "MERGE INTO stored_token (slack_user_id, token_ciphertext, sign_in_email, stored_at)"
          + " KEY (slack_user_id) VALUES (?, ?, ?, ?)";
  private static final String UPSERT_POSTGRESQL =
      "INSERT INTO stored_token (slack_user_id, token_ciphertext, sign_in_email, stored_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (slack_user_id) DO UPDATE SET"
          + " token_ciphertext = EXCLUDED.token_ciphertext,"
          + " sign_in_email = EXCLUDED.sign_in_email, stored_at = EXCLUDED.stored_at";

  private final Database database;
  private final TokenCipher cipher;

  public TokenStore(Database database, SecretKey key) {
    this(database, key, Optional.empty());
  }

  /**
   * @param previous a key being rotated out: tokens encrypted with it are still read
   */
  public TokenStore(Database database, SecretKey key, Optional<SecretKey> previous) {
    this.database = database;
    this.cipher = new TokenCipher(key, previous);
  }

  /** How many of the newest stored tokens the current keys decrypt. */
  public record KeyCheck(int checked, int unreadable) {}

  /** Tries to decrypt up to {@code sample} stored tokens, newest first. */
  public KeyCheck keyCheck(int sample) {
    String sql = "SELECT slack_user_id, token_ciphertext FROM stored_token ORDER BY stored_at DESC";
    int checked = 0;
    int unreadable = 0;
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setMaxRows(sample);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          checked++;
          try {
            cipher.decrypt(rows.getString(1), rows.getString(2));
          } catch (UnreadableTokenException e) {
            unreadable++;
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not read stored tokens", e);
    }
    return new KeyCheck(checked, unreadable);
  }

  /** What a key rotation did. */
  public record Rotation(int reEncrypted, int alreadyCurrent, int unreadable) {}

  /**
   * Re-encrypts with the current key every token that only the previous key decrypts. A row changed
   * by someone else meanwhile is left alone: it was just written with the current key.
   */
  public Rotation rotate() {
    int changed = 0;
    int current = 0;
    int unreadable = 0;
    try (BoundedConnection connection = database.connect(Database.Bound.LONG);
        PreparedStatement select =
            connection.prepare("SELECT slack_user_id, token_ciphertext FROM stored_token");
        PreparedStatement update =
            connection.prepare(
                "UPDATE stored_token SET token_ciphertext = ? WHERE slack_user_id = ?"
                    + " AND token_ciphertext = ?");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String user = rows.getString(1);
        String stored = rows.getString(2);
        if (cipher.current(user, stored)) {
          current++;
          continue;
        }
        try {
          update.setString(1, cipher.encrypt(user, cipher.decrypt(user, stored)));
          update.setString(2, user);
          update.setString(3, stored);
          changed += update.executeUpdate();
        } catch (UnreadableTokenException e) {
          unreadable++;
        }
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not rotate the stored tokens", e);
    }
    return new Rotation(changed, current, unreadable);
  }

  /** Stores {@code token} for the person, replacing what they stored before. */
  public void save(String slackUserId, String token, Optional<String> signInEmail, Instant now) {
    String sql = database.dialect() == Database.Dialect.H2 ? UPSERT_H2 : UPSERT_POSTGRESQL;
    // The token form waits on this write and must be answered within Slack's three seconds.
    try (BoundedConnection connection = database.connect(Database.Bound.SHORT);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setString(1, slackUserId);
      statement.setString(2, cipher.encrypt(slackUserId, token));
      statement.setString(3, signInEmail.orElse(null));
      // OffsetDateTime, not Timestamp: Timestamp goes through the JVM's zone and loses an hour
      // in a daylight-saving fold on H2.
      statement.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not store the token of " + slackUserId, e);
    }
  }

  /**
   * Reads and decrypts the person's token.
   *
   * @throws UnreadableTokenException when a row exists but the key cannot decrypt it
   */
  public Optional<StoredToken> find(String slackUserId) {
    String sql =
        "SELECT token_ciphertext, sign_in_email, stored_at FROM stored_token"
            + " WHERE slack_user_id = ?";
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement = connection.prepare(sql)) {
      statement.setString(1, slackUserId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String token = cipher.decrypt(slackUserId, row.getString(1));
        Instant storedAt = row.getObject(3, OffsetDateTime.class).toInstant();
        return Optional.of(
            new StoredToken(slackUserId, token, Optional.ofNullable(row.getString(2)), storedAt));
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not read the token of " + slackUserId, e);
    }
  }

  /**
   * The sign-in email stored with the person's token, read without decrypting the token (the email
   * is stored in plain text), so it is found even when the key has changed.
   */
  public Optional<String> signInEmail(String slackUserId) {
    // The token form waits on this read and must open within Slack's three seconds.
    try (BoundedConnection connection = database.connect(Database.Bound.SHORT);
        PreparedStatement statement =
            connection.prepare("SELECT sign_in_email FROM stored_token WHERE slack_user_id = ?")) {
      statement.setString(1, slackUserId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not read the sign-in email of " + slackUserId, e);
    }
  }

  /** Deletes the person's token; returns whether there was one. */
  public boolean delete(String slackUserId) {
    try (BoundedConnection connection = database.connect(Database.Bound.NORMAL);
        PreparedStatement statement =
            connection.prepare("DELETE FROM stored_token WHERE slack_user_id = ?")) {
      statement.setString(1, slackUserId);
      return statement.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not delete the token of " + slackUserId, e);
    }
  }
}
