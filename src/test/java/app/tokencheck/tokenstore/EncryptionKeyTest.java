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
  void keyFileOthersCanReadIsMadeOwnerOnly() throws IOException {
    Path data = temp.resolve("data");
    SecretKey first = EncryptionKey.load(Optional.empty(), true, data);
    Path file = data.resolve("token-encryption.key");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    SecretKey second = EncryptionKey.load(Optional.empty(), true, data);

    assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void instancesStartingAtOnceAllGetTheOneKey() throws Exception {
    Path data = temp.resolve("data");
    java.util.concurrent.ExecutorService starts =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<byte[]>> keys = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        keys.add(
            starts.submit(
                () -> {
                  go.await();
                  return EncryptionKey.load(Optional.empty(), true, data).getEncoded();
                }));
      }
      go.countDown();

      byte[] first = keys.get(0).get();
      for (java.util.concurrent.Future<byte[]> key : keys) {
        assertThat(key.get()).isEqualTo(first);
      }
      try (var files = Files.list(data)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .containsExactly("token-encryption.key");
      }
    } finally {
      starts.shutdownNow();
    }
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
