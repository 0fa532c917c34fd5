package app.tokencheck.operations;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.StoredToken;
import app.tokencheck.tokenstore.TokenStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar … rotate-keys}, run as the operator runs it: it re-encrypts with {@code
 * TOKEN_ENCRYPTION_KEY} every token that only {@code TOKEN_ENCRYPTION_KEY_PREVIOUS} reads, prints
 * what it did, and says by its exit code whether anything is left to do.
 */
final class RotateKeysCommandTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String TOKEN = "cfpat_4f9a2c7e1b3d5a6c8e0f";
  private static final String OTHER_TOKEN = "cfpat_9b8a7c6d5e4f3a2b1c0d";
  private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");

  @TempDir Path data;
  private final String oldKey = randomKey();
  private final String newKey = randomKey();

  @Test
  void tokensOfTheOldKeyAreReEncryptedSoTheNewKeyAloneReadsThem() throws Exception {
    store("U1", TOKEN, oldKey);
    store("U2", OTHER_TOKEN, oldKey);

    AppProcess.Finished run = rotateKeys(newKey, oldKey);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stdout())
        .contains(
            "Re-encrypted 2 token(s) with the current key; 0 already used it; 0 could be read"
                + " with neither key.");
    assertThat(find("U1", newKey)).map(StoredToken::token).contains(TOKEN);
    assertThat(find("U2", newKey)).map(StoredToken::token).contains(OTHER_TOKEN);
  }

  @Test
  void secondRunFindsEveryTokenAlreadyOnTheNewKey() throws Exception {
    store("U1", TOKEN, oldKey);
    rotateKeys(newKey, oldKey);

    AppProcess.Finished again = rotateKeys(newKey, oldKey);

    assertThat(again.exitCode()).isEqualTo(0);
    assertThat(again.stdout())
        .contains(
            "Re-encrypted 0 token(s) with the current key; 1 already used it; 0 could be read"
                + " with neither key.");
  }

  @Test
  void tokenNeitherKeyReadsIsCountedAndFailsTheRun() throws Exception {
    store("U1", TOKEN, oldKey);
    store("U2", OTHER_TOKEN, randomKey());

    AppProcess.Finished run = rotateKeys(newKey, oldKey);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout())
        .contains(
            "Re-encrypted 1 token(s) with the current key; 0 already used it; 1 could be read"
                + " with neither key.");
    assertThat(find("U1", newKey)).map(StoredToken::token).contains(TOKEN);
  }

  @Test
  void withoutThePreviousKeyThereIsNothingToRotateFrom() throws Exception {
    store("U1", TOKEN, oldKey);
    Map<String, String> env = environment(newKey);

    AppProcess.Finished run = AppProcess.run(env, TIMEOUT, "rotate-keys");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout())
        .containsExactly(
            "TOKEN_ENCRYPTION_KEY_PREVIOUS is not set: there is no old key to rotate from");
    assertThat(find("U1", oldKey)).map(StoredToken::token).contains(TOKEN);
  }

  private AppProcess.Finished rotateKeys(String current, String previous) throws Exception {
    Map<String, String> env = environment(current);
    env.put("TOKEN_ENCRYPTION_KEY_PREVIOUS", previous);
    return AppProcess.run(env, TIMEOUT, "rotate-keys");
  }

  private Map<String, String> environment(String current) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", "xoxb-1111-2222-Zq7Xw9Lk2Mn4");
    env.put("SLACK_SIGNING_SECRET", "8f14e45fceea167a5a36dedd4bea2543");
    env.put("DATA_DIR", data.toString());
    env.put("TOKEN_ENCRYPTION_KEY", current);
    return env;
  }

  private void store(String user, String token, String key) {
    try (Database database = Database.open(Optional.empty(), data)) {
      new TokenStore(database, secretKey(key)).save(user, token, Optional.empty(), NOW);
    }
  }

  private Optional<StoredToken> find(String user, String key) {
    try (Database database = Database.open(Optional.empty(), data)) {
      return new TokenStore(database, secretKey(key)).find(user);
    }
  }

  private static SecretKey secretKey(String base64) {
    return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
