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

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(OWNER_ONLY);

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
        ownerOnly(file);
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
    // Written in full to a private file first, then linked into place, which fails if the name
    // exists: an instance starting at the same moment finds either no key file or a whole one,
    // never an empty file that another has just created and not yet written.
    Path draft;
    try {
      draft = Files.createTempFile(file.getParent(), FILE_NAME, ".new", OWNER_ONLY_ATTRIBUTE);
    } catch (UnsupportedOperationException e) {
      draft = Files.createTempFile(file.getParent(), FILE_NAME, ".new"); // not a POSIX system
    }
    try {
      Files.writeString(draft, Base64.getEncoder().encodeToString(key) + "\n");
      Files.createLink(file, draft);
    } catch (FileAlreadyExistsException e) {
      return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    } finally {
      Files.deleteIfExists(draft);
    }
    log.info(
        "Generated a token encryption key at {} (owner-only). Back it up: stored tokens cannot be"
            + " read without it.",
        file);
    return new SecretKeySpec(key, "AES");
  }

  /** A key file that others can read is made owner-only, and the admin is told. */
  private static void ownerOnly(Path file) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        log.warn(
            "The key file {} could be read by others; it is now readable by its owner alone", file);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
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
