package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import app.tokencheck.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the token key comes from: the setting, or a key file beside the embedded database. */
final class EncryptionKeyTest {
  @TempDir Path temp;

  @Test
  void configuredKeyIsUsed() {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    String configured = Base64.getEncoder().encodeToString(bytes);

    SecretKey key = EncryptionKey.load(Optional.of(configured), true, temp.resolve("data"));

    assertThat(key.getEncoded()).isEqualTo(bytes);
    assertThat(key.getAlgorithm()).isEqualTo("AES");
    assertThat(temp.resolve("data")).doesNotExist();
  }

  @Test
  void configuredKeyOfWrongLengthIsRefusedWithoutEchoingIt() {
    String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

    Throwable thrown =
        catchThrowable(() -> EncryptionKey.load(Optional.of(sixteenBytes), false, temp));

    assertThat(thrown)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("TOKEN_ENCRYPTION_KEY")
        .hasMessageNotContaining(sixteenBytes);
  }

  @Test
  void configuredKeyThatIsNotBase64IsRefusedWithoutEchoingIt() {
    String notBase64 = "this-is-not*base64!";

    Throwable thrown =
        catchThrowable(() -> EncryptionKey.load(Optional.of(notBase64), false, temp));

    assertThat(thrown)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("TOKEN_ENCRYPTION_KEY")
        .hasMessageNotContaining(notBase64);
  }

  @Test
  void embeddedDatabaseWithoutKeyCreatesOwnerOnlyKeyFile() throws IOException {
    Path data = temp.resolve("data");

    SecretKey key = EncryptionKey.load(Optional.empty(), true, data);

    Path file = data.resolve("token-encryption.key");
    assertThat(file).isRegularFile();
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(key.getEncoded()).hasSize(32);
  }

  @Test
  void keyFileIsReadBackOnTheNextStart() {
    Path data = temp.resolve("data");
    SecretKey first = EncryptionKey.load(Optional.empty(), true, data);

    SecretKey second = EncryptionKey.load(Optional.empty(), true, data);

    assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
  }

  @Test
  void damagedKeyFileIsRefusedWithoutEchoingIt() throws IOException {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("token-encryption.key"), "c2hvcnQ=\n");

    Throwable thrown = catchThrowable(() -> EncryptionKey.load(Optional.empty(), true, data));

    assertThat(thrown)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("token-encryption.key")
        .hasMessageNotContaining("c2hvcnQ=");
  }

  @Test
  void sharedDatabaseWithoutKeyStopsStartUp() {
    Path data = temp.resolve("data");

    Throwable thrown = catchThrowable(() -> EncryptionKey.load(Optional.empty(), false, data));

    assertThat(thrown)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("TOKEN_ENCRYPTION_KEY");
    assertThat(data).doesNotExist();
  }
}
