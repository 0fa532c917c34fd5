package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing of tokens, bound to the Slack user they belong to. */
final class TokenCipherTest {
  private static final String TOKEN = "cfpat_4f9a2c7e1b3d5a6c8e0f";

  private final TokenCipher cipher = new TokenCipher(TestKeys.random());

  @Test
  void decryptsWhatItEncrypted() {
    String sealed = cipher.encrypt("U1", TOKEN);

    String opened = cipher.decrypt("U1", sealed);

    assertThat(opened).isEqualTo(TOKEN);
  }

  @Test
  void ciphertextDoesNotContainTheToken() {
    String sealed = cipher.encrypt("U1", TOKEN);

    String decoded = new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1);

    assertThat(sealed).doesNotContain(TOKEN);
    assertThat(decoded).doesNotContain(TOKEN);
  }

  @Test
  void encryptingTheSameTokenTwiceGivesDifferentCiphertexts() {
    String first = cipher.encrypt("U1", TOKEN);

    String second = cipher.encrypt("U1", TOKEN);

    assertThat(second).isNotEqualTo(first);
    assertThat(cipher.decrypt("U1", second)).isEqualTo(cipher.decrypt("U1", first));
  }

  @Test
  void alteredCiphertextIsUnreadable() {
    byte[] bytes = Base64.getDecoder().decode(cipher.encrypt("U1", TOKEN));
    bytes[bytes.length / 2] ^= 0x01;
    String tampered = Base64.getEncoder().encodeToString(bytes);

    Throwable thrown = catchThrowable(() -> cipher.decrypt("U1", tampered));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class);
  }

  @Test
  void ciphertextOfOneUserDoesNotDecryptForAnother() {
    String sealedForU1 = cipher.encrypt("U1", TOKEN);

    Throwable thrown = catchThrowable(() -> cipher.decrypt("U2", sealedForU1));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class).hasMessageContaining("U2");
  }

  @Test
  void anotherKeyCannotDecrypt() {
    String sealed = cipher.encrypt("U1", TOKEN);
    TokenCipher otherKey = new TokenCipher(TestKeys.random());

    Throwable thrown = catchThrowable(() -> otherKey.decrypt("U1", sealed));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class);
  }

  @Test
  void textThatIsNotBase64IsUnreadable() {
    String garbage = "not base64 at all!";

    Throwable thrown = catchThrowable(() -> cipher.decrypt("U1", garbage));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class);
  }

  @Test
  void unknownFormatVersionIsUnreadable() {
    byte[] bytes = Base64.getDecoder().decode(cipher.encrypt("U1", TOKEN));
    bytes[0] = 2;
    String nextVersion = Base64.getEncoder().encodeToString(bytes);

    Throwable thrown = catchThrowable(() -> cipher.decrypt("U1", nextVersion));

    assertThat(thrown).isInstanceOf(UnreadableTokenException.class);
  }

  @Test
  void unreadableTokenMessageNeverContainsTheToken() {
    String sealed = cipher.encrypt("U1", TOKEN);
    TokenCipher otherKey = new TokenCipher(TestKeys.random());

    Throwable thrown = catchThrowable(() -> otherKey.decrypt("U1", sealed));

    assertThat(thrown)
        .isInstanceOf(UnreadableTokenException.class)
        .hasMessageContaining("U1")
        .hasMessageNotContaining(TOKEN)
        .hasMessageNotContaining(sealed);
  }
}
