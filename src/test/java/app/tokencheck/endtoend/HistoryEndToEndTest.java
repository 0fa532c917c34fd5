package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.audit.CheckRecord;
import app.tokencheck.config.Settings;
import app.tokencheck.tokenstore.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code history} over real HTTP: what the record shows after real checks, to whom, and that the
 * retention sweep at start-up removes old rows from the app's own database.
 */
final class HistoryEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String ADA_EMAIL = "ada@example.com";
  private static final String GRACE = "U0GRACE";
  private static final String MALLORY = "U0MALLORY";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void fakes() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, ADA_EMAIL, user -> {});
    slack.addMember(GRACE, "grace@example.com", user -> {});
    slack.addMember(MALLORY, "mallory@example.com", user -> {});
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
    clearFeed.close();
  }

  private void startApp() throws Exception {
    Settings settings =
        AppUnderTest.settings(slack, clearFeed, data)
            .withStaff(List.of(GRACE), Optional.empty(), Duration.ofDays(90));
    app = new AppUnderTest(slack, settings);
  }

  private String command(String user, String text) throws Exception {
    HttpResponse<String> ack = app.command(user, text);
    assertThat(ack.statusCode()).isEqualTo(200);
    return Reply.parse(slack.nextReply()).text();
  }

  /**
   * Asks for history until {@code done} holds, for up to two seconds: a check's record is written
   * just after its reply is posted.
   */
  private String historyUntil(String user, String text, Predicate<String> done) throws Exception {
    String answer = command(user, text);
    for (int i = 0; i < 20 && !done.test(answer); i++) {
      Thread.sleep(100);
      answer = command(user, text);
    }
    return answer;
  }

  private static long entries(String history) {
    return history.lines().filter(line -> line.startsWith("• ")).count();
  }

  @Test
  void historyShowsTheCallersChecksNewestFirstWithOutcomeAndAsker() throws Exception {
    startApp();
    clearFeed.accept(TOKEN);
    command(ADA, "");
    app.storeToken(ADA, TOKEN, ADA_EMAIL);
    command(ADA, "");

    String history = historyUntil(ADA, "history", h -> entries(h) == 2);

    assertThat(history).startsWith("*Your last 2 checks, newest first*\n");
    assertThat(history.lines().skip(1).toList())
        .satisfiesExactly(
            newest -> assertThat(newest).contains("`OK` · <@U0ADA> · asked by <@U0ADA>"),
            oldest -> assertThat(oldest).contains("`NO_TOKEN` · <@U0ADA> · asked by <@U0ADA>"));
    assertThat(history).contains("<!date^").contains(" ms");
  }

  @Test
  void historyShowsAtMostTenChecks() throws Exception {
    startApp();
    for (int i = 0; i < 12; i++) {
      command(ADA, "");
    }

    String history = historyUntil(ADA, "history", h -> h.startsWith("*Your last 10 "));

    assertThat(history).startsWith("*Your last 10 checks, newest first*\n");
    assertThat(entries(history)).isEqualTo(10);
  }

  @Test
  void historyNeverShowsAnEmailOrAToken() throws Exception {
    startApp();
    clearFeed.accept(TOKEN);
    app.storeToken(ADA, TOKEN, ADA_EMAIL);
    command(GRACE, "<mailto:ada@example.com|ada@example.com>");
    command(GRACE, "<mailto:nobody@example.com|nobody@example.com>");

    String history = historyUntil(GRACE, "history", h -> entries(h) == 2);

    assertThat(history)
        .contains("`OK` · <@U0ADA> · asked by <@U0GRACE>")
        .contains("`SLACK_USER_NOT_FOUND` · an unknown email · asked by <@U0GRACE>")
        .doesNotContain("@example.com")
        .doesNotContain("mailto")
        .doesNotContain(TOKEN)
        .doesNotContain("1c3e");
  }

  @Test
  void staffSeeAnotherPersonsChecks() throws Exception {
    startApp();
    command(ADA, "");
    command(MALLORY, "");

    String history = historyUntil(GRACE, "history <@U0ADA|ada>", h -> entries(h) == 1);

    assertThat(history)
        .startsWith("*The last check of <@U0ADA>*\n")
        .contains("`NO_TOKEN` · <@U0ADA> · asked by <@U0ADA>")
        .doesNotContain(MALLORY);
  }

  @Test
  void staffSeeSeveralChecksOfAnotherPersonCounted() throws Exception {
    startApp();
    command(ADA, "");
    command(ADA, "");
    command(GRACE, "<@U0ADA|ada>");

    String history = historyUntil(GRACE, "history <@U0ADA|ada>", h -> entries(h) == 3);

    assertThat(history).startsWith("*The last 3 checks of <@U0ADA>, newest first*\n");
  }

  @Test
  void emptyHistoryOfAOneDayRecordSaysDay() throws Exception {
    app =
        new AppUnderTest(
            slack,
            AppUnderTest.settings(slack, clearFeed, data)
                .withStaff(List.of(GRACE), Optional.empty(), Duration.ofDays(1)));

    String own = command(ADA, "history");
    String other = command(GRACE, "history <@U0ADA|ada>");

    assertThat(own).isEqualTo("You have no checks in the last day.");
    assertThat(other).isEqualTo("<@U0ADA> has no checks in the last day.");
  }

  @Test
  void emptyHistoryReadsAsASentence() throws Exception {
    startApp();

    String history = command(ADA, "history");

    assertThat(history).contains("in the last 90 days").doesNotContain("No your");
  }

  @Test
  void memberWhoIsNotStaffCannotSeeAnotherPersonsChecks() throws Exception {
    startApp();
    command(ADA, "");

    String history = command(MALLORY, "history <@U0ADA|ada>");

    assertThat(history).startsWith("❌ *NOT_ALLOWED*").doesNotContain("NO_TOKEN");
  }

  @Test
  void reCheckFromAHandOverIsRecorded() throws Exception {
    startApp();
    command(ADA, "");
    Reply staffReply = Reply.parse(sendCommand(GRACE, "<@U0ADA|ada>"));
    String handover = handoverId(staffReply);
    app.click(GRACE, "handover_send", handover);
    slack.nextReply();

    app.click(ADA, "handover_recheck", handover);
    slack.nextReply();
    // Ada's own check, Grace's, the one Grace's send click ran, and Ada's re-check.
    String history = historyUntil(ADA, "history", h -> entries(h) == 4);

    assertThat(entries(history)).isEqualTo(4);
    assertThat(history.lines().skip(1).findFirst())
        .hasValueSatisfying(
            newest -> assertThat(newest).contains("`NO_TOKEN` · <@U0ADA> · asked by <@U0ADA>"));
  }

  private String sendCommand(String user, String text) throws Exception {
    app.command(user, text);
    return slack.nextReply();
  }

  private static String handoverId(Reply reply) {
    for (JsonNode block : reply.json().path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("handover_send".equals(element.path("action_id").asText())) {
          return element.path("value").asText();
        }
      }
    }
    throw new AssertionError("No hand-over button in " + reply.json());
  }

  @Test
  void recordsOlderThanTheRetentionAreDeletedAtStartUp() throws Exception {
    Instant now = Instant.now();
    try (Database database = Database.open(Optional.empty(), data)) {
      AuditLog audit = new AuditLog(database);
      audit.record(
          new CheckRecord(
              now.minus(Duration.ofDays(100)),
              ADA,
              Optional.of(ADA),
              "TOKEN_INVALID",
              Duration.ofMillis(300)));
      audit.record(
          new CheckRecord(
              now.minus(Duration.ofDays(10)), ADA, Optional.of(ADA), "OK", Duration.ofMillis(200)));
    }

    startApp();
    String history = historyUntil(ADA, "history", h -> !h.contains("TOKEN_INVALID"));

    assertThat(history).startsWith("*Your last check*\n").contains("`OK`");
    assertThat(history).doesNotContain("TOKEN_INVALID");
  }
}
