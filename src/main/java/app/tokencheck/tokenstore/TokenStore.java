package app.tokencheck.tokenstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Keeps one encrypted ClearFeed token per Slack user.
 *
 * <p>Every method either completes or throws {@link StoreUnavailableException} with nothing
 * changed; callers turn that into a message for the person.
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
    this.database = database;
    this.cipher = new TokenCipher(key);
  }

  /** Stores {@code token} for the person, replacing what they stored before. */
  public void save(String slackUserId, String token, Optional<String> signInEmail, Instant now) {
    String sql = database.dialect() == Database.Dialect.H2 ? UPSERT_H2 : UPSERT_POSTGRESQL;
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, slackUserId);
      statement.setString(2, cipher.encrypt(slackUserId, token));
      statement.setString(3, signInEmail.orElse(null));
      statement.setTimestamp(4, Timestamp.from(now));
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
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, slackUserId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String token = cipher.decrypt(slackUserId, row.getString(1));
        Instant storedAt = row.getTimestamp(3).toInstant();
        return Optional.of(
            new StoredToken(slackUserId, token, Optional.ofNullable(row.getString(2)), storedAt));
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not read the token of " + slackUserId, e);
    }
  }

  /** Deletes the person's token; returns whether there was one. */
  public boolean delete(String slackUserId) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM stored_token WHERE slack_user_id = ?")) {
      statement.setString(1, slackUserId);
      return statement.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreUnavailableException("Could not delete the token of " + slackUserId, e);
    }
  }
}
