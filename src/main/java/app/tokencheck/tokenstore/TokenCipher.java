package app.tokencheck.tokenstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts tokens with AES-256-GCM, binding each ciphertext to the Slack user it belongs to.
 *
 * <p>The stored form is {@code base64(version || nonce || ciphertext+tag)}. The Slack user ID is
 * authenticated data, so a ciphertext copied onto another person's row fails to decrypt. During a
 * key rotation a previous key is tried after the current one; GCM's tag tells which key fits.
 */
final class TokenCipher {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final Optional<SecretKey> previous;
  private final SecureRandom random = new SecureRandom();

  TokenCipher(SecretKey key) {
    this(key, Optional.empty());
  }

  TokenCipher(SecretKey key, Optional<SecretKey> previous) {
    this.key = key;
    this.previous = previous;
  }

  String encrypt(String slackUserId, String token) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(slackUserId));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
      out.put(VERSION).put(nonce).put(sealed);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every Java runtime; reaching this means a broken JVM.
      throw new IllegalStateException("AES-GCM encryption is unavailable", e);
    }
  }

  /**
   * @throws UnreadableTokenException when no key fits or the ciphertext was altered
   */
  String decrypt(String slackUserId, String stored) {
    try {
      return decrypt(key, slackUserId, stored);
    } catch (UnreadableTokenException e) {
      if (previous.isEmpty()) {
        throw e;
      }
      return decrypt(previous.get(), slackUserId, stored);
    }
  }

  /** True when {@code stored} is encrypted with the current key. */
  boolean current(String slackUserId, String stored) {
    try {
      decrypt(key, slackUserId, stored);
      return true;
    } catch (UnreadableTokenException e) {
      return false;
    }
  }

  private static String decrypt(SecretKey key, String slackUserId, String stored) {
    try {
      byte[] bytes = Base64.getDecoder().decode(stored);
      if (bytes.length <= 1 + NONCE_BYTES || bytes[0] != VERSION) {
        throw new UnreadableTokenException(slackUserId);
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData(slackUserId));
      byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UnreadableTokenException(slackUserId);
    }
  }

  private static byte[] associatedData(String slackUserId) {
    return ("clearfeed-token-check:v1:" + slackUserId).getBytes(StandardCharsets.UTF_8);
  }
}
