package app.tokencheck.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class RequestSignatureTest {
  private static final String SECRET = "test-signing-secret-known-answer";
  private static final long NOW = 1_796_400_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  private final RequestSignature signature = new RequestSignature(SECRET, CLOCK);

  /** Digests computed with {@code openssl dgst -sha256 -hmac}, independently of Java. */
  @Test
  void acceptsSignaturesComputedElsewhere() {
    assertThat(
            signature.verify(
                "1796400000",
                "v0=29b45c8a14b148483e70d894dd57f81ce0078f0aa5025231365d698ffcb6c99f",
                "token=x&text=%C3%A9t%C3%A9&user_id=U0ADA"))
        .isTrue();
    assertThat(
            signature.verify(
                "1796400000",
                "v0=900b19ab943d1b560b3951676034453f1be690808ebad4157a7a164cf73d758f",
                "text=\u00e9t\u00e9"))
        .isTrue();
  }

  @Test
  void agreesWithTheSlackSdkOnEveryBody() {
    SlackSignature.Generator sdk = new SlackSignature.Generator(SECRET);
    for (String body :
        List.of(
            "", "a", "user_id=U0ADA&text=", "payload=%7B%22type%22%3A%22view%22%7D", "\u00e9")) {
      String expected = sdk.generate(String.valueOf(NOW), body);

      assertThat(signature.verify(String.valueOf(NOW), expected, body)).as(body).isTrue();
      assertThat(signature.verify(String.valueOf(NOW), expected, body + " ")).as(body).isFalse();
    }
  }

  @Test
  void rejectsAnotherSecretAMalformedHeaderAndTimestampsOutsideFiveMinutes() {
    String body = "user_id=U0ADA";
    String other = new SlackSignature.Generator("another-secret").generate("1796400000", body);
    String valid = new SlackSignature.Generator(SECRET).generate("1796400000", body);

    assertThat(signature.verify("1796400000", other, body)).isFalse();
    assertThat(signature.verify("1796400000", valid.substring(0, 20), body)).isFalse();
    assertThat(signature.verify("1796400000", valid.replace("v0=", "v1="), body)).isFalse();
    assertThat(signature.verify("not-a-number", valid, body)).isFalse();
    assertThat(signature.verify(null, valid, body)).isFalse();
    assertThat(signature.verify("1796400000", null, body)).isFalse();
    String stale = String.valueOf(NOW - 301);
    String future = String.valueOf(NOW + 301);
    assertThat(signature.verify(stale, sign(stale, body), body)).isFalse();
    assertThat(signature.verify(future, sign(future, body), body)).isFalse();
    String edge = String.valueOf(NOW - 300);
    assertThat(signature.verify(edge, sign(edge, body), body)).isTrue();
    // NOW - wrapped is NOW + Long.MIN_VALUE, whose difference from NOW overflows to look small.
    String wrapped = String.valueOf(NOW + Long.MIN_VALUE);
    assertThat(signature.verify(wrapped, sign(wrapped, body), body)).isFalse();
  }

  /** One instance serves every request thread; each keeps its own keyed MAC. */
  @Test
  void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        wrong.add(
            threads.submit(
                () -> {
                  int mistakes = 0;
                  for (int i = 0; i < 500; i++) {
                    String body = "user_id=U" + thread + "&n=" + i;
                    String valid = sign(String.valueOf(NOW), body);
                    mistakes += signature.verify(String.valueOf(NOW), valid, body) ? 0 : 1;
                    mistakes += signature.verify(String.valueOf(NOW), valid, body + "x") ? 1 : 0;
                  }
                  return mistakes;
                }));
      }
      for (Future<Integer> result : wrong) {
        assertThat(result.get()).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static String sign(String timestamp, String body) {
    return new SlackSignature.Generator(SECRET).generate(timestamp, body);
  }
}
