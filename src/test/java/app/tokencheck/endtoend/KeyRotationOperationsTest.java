package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first half of a key rotation: restarted with a new {@code TOKEN_ENCRYPTION_KEY} and the old
 * one as {@code TOKEN_ENCRYPTION_KEY_PREVIOUS}, the app still reads every stored token.
 */
final class KeyRotationOperationsTest {
  private static final String ADA = "U0ADA";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";

  @TempDir Path data;
  private final String oldKey = randomKey();
  private final String newKey = randomKey();
  private FakeSlack slack;
  private FakeClearFeed clearFeed;

  @BeforeEach
  void storeATokenUnderTheOldKey() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    clearFeed.accept(TOKEN);
    clearFeed.record(ADA, "ada@example.com", false);
    try (AppUnderTest app = new AppUnderTest(slack, settings(oldKey))) {
      app.storeToken(ADA, TOKEN, null);
    }
  }

  @AfterEach
  void stop() {
    slack.close();
    clearFeed.close();
  }

  @Test
  void newKeyWithTheOldOneAsPreviousReadsTokensStoredBefore() throws Exception {
    Reply reply;
    try (AppUnderTest app =
        new AppUnderTest(slack, settings(newKey).withPreviousKey(newKey, oldKey))) {
      app.command(ADA, "");
      reply = Reply.parse(slack.nextReply());
    }

    assertThat(reply.verdict()).contains("*OK*");
    assertThat(reply.checkLine("ClearFeed token")).contains("…1c3e");
  }

  @Test
  void newKeyAloneCannotReadTheTokenAndSaysSoInsteadOfFailing() throws Exception {
    Reply reply;
    try (AppUnderTest app = new AppUnderTest(slack, settings(newKey))) {
      app.command(ADA, "");
      reply = Reply.parse(slack.nextReply());
    }

    assertThat(reply.verdict()).contains("*NO_TOKEN*");
    assertThat(reply.checkLine("ClearFeed token"))
        .contains("cannot be decrypted with this app's current key");
    assertThat(clearFeed.requestCount()).isZero();
  }

  private Settings settings(String key) {
    return Settings.of(
        AppUnderTest.BOT_TOKEN,
        AppUnderTest.SIGNING_SECRET,
        URI.create(slack.apiUrl()),
        URI.create(clearFeed.url()),
        Duration.ofSeconds(2),
        Optional.empty(),
        data,
        Optional.of(key));
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
