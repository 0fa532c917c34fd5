package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import app.tokencheck.operations.FreshSchema;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who saves their token twice at once, through two instances or one, ends up with exactly
 * one stored token that every instance reads.
 */
final class SeveralInstancesOperationsTest {
  private static final String ADA = "U0ADA";
  private static final int SUBMISSIONS = 4;

  @TempDir Path data;
  private final String key = randomKey();
  private final List<String> tokens = new ArrayList<>();
  private final ExecutorService senders = Executors.newFixedThreadPool(SUBMISSIONS);
  private FakeSlack slack;
  private FakeClearFeed clearFeed;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    clearFeed.record(ADA, "ada@example.com", false);
    for (int i = 0; i < SUBMISSIONS; i++) {
      String token = "cf_pat_live_concurrent_" + (1000 + i);
      tokens.add(token);
      clearFeed.accept(token);
    }
  }

  @AfterEach
  void stop() {
    senders.shutdownNow();
    slack.close();
    clearFeed.close();
  }

  @Test
  void simultaneousSavesThroughTwoInstancesLeaveOneTokenBothRead() throws Exception {
    try (FreshSchema schema = FreshSchema.create();
        AppUnderTest first = new AppUnderTest(slack, settings(Optional.of(schema.databaseUrl())));
        AppUnderTest second =
            new AppUnderTest(slack, settings(Optional.of(schema.databaseUrl())))) {

      submitAllAtOnce(first, second);
      Reply fromFirst = check(first);
      Reply fromSecond = check(second);

      assertThat(schema.count("SELECT COUNT(*) FROM stored_token")).isEqualTo(1);
      assertThat(fromFirst.verdict()).contains("*OK*");
      String fingerprint = fingerprintIn(fromFirst.checkLine("ClearFeed token"));
      assertThat(fromSecond.checkLine("ClearFeed token")).contains(fingerprint);
    }
  }

  @Test
  void simultaneousSavesThroughOneInstanceLeaveOneToken() throws Exception {
    Reply reply;
    try (AppUnderTest app = new AppUnderTest(slack, settings(Optional.empty()))) {
      submitAllAtOnce(app, app);
      reply = check(app);
    }

    assertThat(rowsInTheEmbeddedDatabase()).isEqualTo(1);
    assertThat(reply.verdict()).contains("*OK*");
    fingerprintIn(reply.checkLine("ClearFeed token"));
  }

  /** Sends every token through the form at the same instant, alternating between instances. */
  private void submitAllAtOnce(AppUnderTest first, AppUnderTest second) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> acks = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      AppUnderTest instance = i % 2 == 0 ? first : second;
      String token = tokens.get(i);
      Callable<HttpResponse<String>> submit =
          () -> {
            go.await();
            return instance.submitForm(ADA, ADA, token, null);
          };
      acks.add(senders.submit(submit));
    }
    go.countDown();
    for (Future<HttpResponse<String>> ack : acks) {
      HttpResponse<String> response = ack.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"update\"");
      slack.nextReply();
    }
  }

  private Reply check(AppUnderTest app) throws Exception {
    app.command(ADA, "");
    return Reply.parse(slack.nextReply());
  }

  /** The fingerprint of whichever submitted token won; fails if it is none of them. */
  private String fingerprintIn(String line) {
    return tokens.stream()
        .map(token -> "…" + token.substring(token.length() - 4))
        .filter(line::contains)
        .findFirst()
        .orElseThrow(() -> new AssertionError("No submitted token in: " + line));
  }

  private long rowsInTheEmbeddedDatabase() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:h2:file:" + data.resolve("tokencheck"));
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM stored_token")) {
      row.next();
      return row.getLong(1);
    }
  }

  private Settings settings(Optional<String> databaseUrl) {
    return Settings.of(
        AppUnderTest.BOT_TOKEN,
        AppUnderTest.SIGNING_SECRET,
        URI.create(slack.apiUrl()),
        URI.create(clearFeed.url()),
        Duration.ofSeconds(2),
        databaseUrl,
        data,
        Optional.of(key));
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
