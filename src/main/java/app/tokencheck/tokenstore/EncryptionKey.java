package app.tokencheck.tokenstore;

import app.tokencheck.config.SettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the AES-256 key that protects stored tokens. */
public final class EncryptionKey {
  private static final Logger log = LoggerFactory.getLogger(EncryptionKey.class);
  static final String FILE_NAME = "token-encryption.key";
  private static final int KEY_BYTES = 32;

  private EncryptionKey() {}

  /**
   * Uses {@code configured} (base64) when given. Otherwise, with the embedded database only, reads
   * or creates a key file next to it, readable by its owner alone. A shared database needs a key
   * that every instance shares, so there a missing key stops start-up.
   */
  public static SecretKey load(
      Optional<String> configured, boolean embeddedDatabase, Path dataDirectory) {
    if (configured.isPresent()) {
      return decode(configured.get(), "TOKEN_ENCRYPTION_KEY");
    }
    if (!embeddedDatabase) {
      throw new SettingsException(
          "TOKEN_ENCRYPTION_KEY is not set: with DATABASE_URL it is required; create one with"
              + " `openssl rand -base64 32`");
    }
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
      }
      return generate(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the key file " + file, e);
    }
  }

  /** Decodes the key being rotated out, when one is configured. */
  public static Optional<SecretKey> previous(Optional<String> configured) {
    return configured.map(value -> decode(value, "TOKEN_ENCRYPTION_KEY_PREVIOUS"));
  }

  private static SecretKey generate(Path file) throws IOException {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(file.getParent());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // Another instance created it between our check and now: use theirs.
      return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    log.info(
        "Generated a token encryption key at {} (owner-only). Back it up: stored tokens cannot be"
            + " read without it.",
        file);
    return new SecretKeySpec(key, "AES");
  }

  private static SecretKey decode(String base64, String source) {
    try {
      byte[] key = Base64.getDecoder().decode(base64);
      if (key.length == KEY_BYTES) {
        return new SecretKeySpec(key, "AES");
      }
    } catch (IllegalArgumentException e) {
      // Reported below without echoing the value.
    }
    throw new SettingsException(
        source + " must be 32 random bytes in base64; create one with `openssl rand -base64 32`");
  }
}
