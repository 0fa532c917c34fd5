package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the app over real HTTP against fake Slack and ClearFeed servers: signed slash commands and
 * form submissions in, acknowledgements and {@code response_url} posts out.
 */
final class CommandEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String ADA_EMAIL = "ada@example.com";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, ADA_EMAIL, user -> {});
    app = new AppUnderTest(slack, clearFeed, data);
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
  }

  private Reply check() throws Exception {
    HttpResponse<String> ack = app.command(ADA, "");
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("Checking your ClearFeed token").contains("ephemeral");
    return Reply.parse(slack.nextReply());
  }

  @Test
  void workingTokenIsReportedOk() throws Exception {
    clearFeed.accept(TOKEN);
    clearFeed.record(ADA, ADA_EMAIL, false);
    app.storeToken(ADA, TOKEN, ADA_EMAIL);

    Reply reply = check();

    assertThat(reply.responseType()).isEqualTo("ephemeral");
    assertThat(reply.text()).startsWith("OK:");
    assertThat(reply.verdict()).contains("*OK*");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("✅").contains("…1c3e");
    assertThat(reply.checkLine("Slack account")).startsWith("✅");
    assertThat(reply.checkLine("Email mapping")).startsWith("✅");
    assertThat(reply.checkLine("ClearFeed record")).startsWith("✅");
    assertThat(reply.checkLine("Agent/Responder role")).startsWith("❔");
    assertThat(reply.all()).doesNotContain(TOKEN).contains("checked in");
  }

  @Test
  void unknownTokenIsReportedInvalid() throws Exception {
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*TOKEN_INVALID*");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("❌").contains("HTTP 401");
    assertThat(reply.all())
        .contains("web.clearfeed.app/settings/developer-settings")
        .contains("The token owner");
  }

  @Test
  void personWithoutTokenIsToldHowToStoreOne() throws Exception {
    Reply reply = check();

    assertThat(reply.verdict()).contains("*NO_TOKEN*");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("❌");
    assertThat(reply.all()).contains("/clearfeed-token-check set");
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void rateLimitedClearFeedIsNotReportedAsBrokenToken() throws Exception {
    clearFeed.answer(
        TOKEN,
        () ->
            new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("{}").build());
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("❔").contains("*CLEARFEED_RATE_LIMITED*");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("❔").contains("retry after 30 s");
    assertThat(reply.all()).contains("Nothing shows the token is broken");
  }

  @Test
  void failingClearFeedIsReportedAsUnreachable() throws Exception {
    clearFeed.answer(TOKEN, 503, "<html>Service Unavailable</html>");
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("❔").contains("*CLEARFEED_UNREACHABLE*");
    assertThat(reply.checkLine("ClearFeed token")).contains("HTTP 503");
  }

  @Test
  void forbiddenPageFromAProxyIsNotBlamedOnTheToken() throws Exception {
    clearFeed.answer(
        TOKEN,
        () ->
            new MockResponse.Builder()
                .code(403)
                .addHeader("Content-Type", "text/html")
                .body("<html><body><h1>403 Forbidden</h1>Request blocked.</body></html>")
                .build());
    app.storeToken(ADA, TOKEN, ADA_EMAIL);

    Reply reply = check();

    assertThat(reply.verdict()).contains("❔").contains("*CLEARFEED_UNREACHABLE*");
    assertThat(reply.checkLine("ClearFeed token"))
        .startsWith("❔")
        .contains("HTTP 403")
        .contains("not ClearFeed's")
        .contains("proxy")
        .contains("CLEARFEED_API_URL");
    assertThat(reply.all())
        .contains("Nothing shows the token is broken")
        .contains("/clearfeed-token-check doctor")
        .doesNotContain("PROFILE_NOT_LINKED")
        .doesNotContain("The token owner");
  }

  @Test
  void clearFeedAccountNotConnectedToSlackIsLeftToAClearFeedAdmin() throws Exception {
    clearFeed.answer(TOKEN, 406, "{\"message\": \"Not connected\"}");
    app.storeToken(ADA, TOKEN, ADA_EMAIL);

    Reply reply = check();

    assertThat(reply.verdict()).contains("❌").contains("*CLEARFEED_NOT_CONNECTED*");
    assertThat(reply.checkLine("ClearFeed token")).startsWith("❔").contains("HTTP 406");
    assertThat(reply.all())
        .contains("A ClearFeed admin")
        .contains("connect the ClearFeed account to this Slack workspace")
        .contains("Nothing shows the token is broken")
        .doesNotContain("again in a few minutes")
        .doesNotContain("The token owner");
  }

  @Test
  void slowClearFeedIsReportedAsUnreachableWithinTheTimeout() throws Exception {
    clearFeed.answer(
        TOKEN,
        () ->
            new MockResponse.Builder()
                .code(200)
                .headersDelay(5, java.util.concurrent.TimeUnit.SECONDS)
                .body("{}")
                .build());
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*CLEARFEED_UNREACHABLE*");
    assertThat(reply.checkLine("ClearFeed token")).contains("did not answer in time");
  }

  @Test
  void revokedBotTokenIsReportedAsAppMisconfigured() throws Exception {
    app.storeToken(ADA, TOKEN, null);
    slack.enqueue("users.info", FakeSlack.error("token_revoked"));

    Reply reply = check();

    assertThat(reply.verdict()).contains("*SLACK_APP_MISCONFIGURED*");
    assertThat(reply.checkLine("Slack account")).contains("token_revoked");
    assertThat(reply.all()).contains("A Slack workspace admin").contains("SLACK_BOT_TOKEN");
  }

  @Test
  void forbiddenWithoutEmailScopeAsksForTheScopeAndReinstall() throws Exception {
    slack.close();
    slack = new FakeSlack();
    slack.addMember(ADA, ADA_EMAIL, user -> {});
    slack.grantScopes("commands,users:read");
    app.close();
    app = new AppUnderTest(slack, clearFeed, data);
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*SLACK_APP_MISCONFIGURED*");
    assertThat(reply.checkLine("Slack profile email")).contains("users:read.email");
    assertThat(reply.all()).contains("reinstall");
  }

  @Test
  void slackServerErrorIsReportedAsSlackUnreachable() throws Exception {
    app.storeToken(ADA, TOKEN, null);
    slack.enqueue("users.info", new MockResponse.Builder().code(500).body("oops").build());

    Reply reply = check();

    assertThat(reply.verdict()).contains("❔").contains("*SLACK_UNREACHABLE*");
  }

  @Test
  void rateLimitedSlackIsRetriedOnce() throws Exception {
    clearFeed.accept(TOKEN);
    app.storeToken(ADA, TOKEN, null);
    slack.enqueue(
        "users.info",
        new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("").build());

    Reply reply = check();

    assertThat(reply.verdict()).contains("*OK*");
    assertThat(slack.calls("users.info")).hasSize(2);
  }

  @Test
  void unknownSlackUserIsReportedNotFound() throws Exception {
    HttpResponse<String> ack = app.command("U0GHOST", "");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(reply.verdict()).contains("*SLACK_USER_NOT_FOUND*");
  }

  @Test
  void deactivatedAccountIsReported() throws Exception {
    slack.addMember(ADA, ADA_EMAIL, user -> user.put("deleted", true));
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*SLACK_USER_DEACTIVATED*");
    assertThat(reply.checkLine("Slack account")).contains("deactivated");
  }

  @Test
  void guestIsReportedAsGuestOrExternal() throws Exception {
    slack.addMember(ADA, ADA_EMAIL, user -> user.put("is_restricted", true));
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*SLACK_GUEST_OR_EXTERNAL*");
    assertThat(reply.checkLine("Slack account")).contains("multi-channel guest");
  }

  @Test
  void guestWhoseTokenWorksIsOkWithTheGuestLineShown() throws Exception {
    slack.addMember(ADA, ADA_EMAIL, user -> user.put("is_restricted", true));
    clearFeed.accept(TOKEN);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("✅ *OK*");
    assertThat(reply.checkLine("Slack account")).startsWith("❌").contains("multi-channel guest");
    assertThat(reply.all()).doesNotContain("SLACK_GUEST_OR_EXTERNAL");
  }

  @Test
  void forbiddenWithoutProfileEmailIsEmailNotVisible() throws Exception {
    slack.addMember(ADA, null, user -> {});
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*EMAIL_NOT_VISIBLE*");
    assertThat(reply.checkLine("Slack profile email")).contains("shows no email");
  }

  @Test
  void forbiddenWithDifferentSignInEmailIsEmailMismatch() throws Exception {
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    app.storeToken(ADA, TOKEN, "ada.lovelace@example.org");

    Reply reply = check();

    assertThat(reply.verdict()).contains("*EMAIL_MISMATCH*");
    assertThat(reply.checkLine("Email mapping"))
        .startsWith("❌")
        .contains("ada.lovelace@example.org")
        .contains(ADA_EMAIL);
  }

  @Test
  void forbiddenWithEverythingRightOnSlackIsProfileNotLinked() throws Exception {
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    app.storeToken(ADA, TOKEN, "ADA@example.com");

    Reply reply = check();

    assertThat(reply.verdict()).contains("Likely cause").contains("*PROFILE_NOT_LINKED*");
    assertThat(reply.checkLine("Email mapping")).startsWith("✅");
    assertThat(reply.checkLine("ClearFeed token")).contains("403 FORBIDDEN");
    assertThat(reply.all()).contains("A ClearFeed admin").contains("Settings → Users");
  }

  @Test
  void setOpensTheFormWithTheCommandsTrigger() throws Exception {
    HttpResponse<String> ack = app.command(ADA, "set");

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).isEmpty();
    awaitCall("views.open");
    FakeSlack.Call open = slack.calls("views.open").get(0);
    assertThat(open.form()).containsEntry("trigger_id", "1337.42.trigger");
    assertThat(open.form().get("view")).contains("clearfeed_token_set").contains(ADA);
    assertThat(open.authorization()).isEqualTo("Bearer " + AppUnderTest.BOT_TOKEN);
  }

  @Test
  void submittedTokenIsSavedAndConfirmedWithItsFingerprintOnly() throws Exception {
    HttpResponse<String> response = app.submitForm(ADA, ADA, TOKEN, ADA_EMAIL);
    String confirmation = slack.nextReply();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"response_action\":\"update\"").contains("…1c3e");
    assertThat(confirmation).contains("Saved your ClearFeed token …1c3e").doesNotContain(TOKEN);
  }

  @Test
  void secondSetReplacesTheFirstToken() throws Exception {
    clearFeed.accept("cf_pat_second_token_000000000000abcd");
    app.storeToken(ADA, TOKEN, null);
    app.storeToken(ADA, "cf_pat_second_token_000000000000abcd", null);

    Reply reply = check();

    assertThat(reply.verdict()).contains("*OK*");
    assertThat(reply.checkLine("ClearFeed token")).contains("…abcd");
  }

  @Test
  void emailLongerThanAnyAddressIsRefusedInTheFormAndNothingIsStored() throws Exception {
    String tooLong = "a".repeat(250) + "@example.com";

    HttpResponse<String> response = app.submitForm(ADA, ADA, TOKEN, tooLong);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"response_action\":\"errors\"")
        .contains("longer than an email address can be")
        .doesNotContain(tooLong);
    assertThat(check().verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void malformedTokenIsRefusedInTheFormAndNothingIsStored() throws Exception {
    HttpResponse<String> response = app.submitForm(ADA, ADA, "not a token", "not-an-email");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"response_action\":\"errors\"")
        .contains("\"token\"")
        .contains("\"sign_in_email\"");
    assertThat(check().verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void formOfAnotherPersonIsRefused() throws Exception {
    HttpResponse<String> response = app.submitForm("U0MALLORY", ADA, TOKEN, null);

    assertThat(response.body()).contains("\"response_action\":\"errors\"");
    assertThat(check().verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void forgetDeletesTheStoredToken() throws Exception {
    app.storeToken(ADA, TOKEN, null);

    HttpResponse<String> ack = app.command(ADA, "forget");
    String forgotten = Reply.parse(slack.nextReply()).text();
    app.command(ADA, "forget");
    String nothingLeft = Reply.parse(slack.nextReply()).text();

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(forgotten).isEqualTo("Deleted your stored ClearFeed token …1c3e.");
    assertThat(nothingLeft).contains("nothing to delete");
    assertThat(check().verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void helpAndUnknownTextShowUsage() throws Exception {
    HttpResponse<String> help = app.command(ADA, "help");
    HttpResponse<String> unknown = app.command(ADA, "frobnicate <!channel>");

    assertThat(help.body()).contains("forget").contains("set");
    assertThat(Reply.parse(unknown.body()).text())
        .contains("frobnicate")
        .contains("&lt;!channel&gt;")
        .doesNotContain("<!channel>");
    assertThat(slack.replyWithin(300)).isNull();
  }

  @Test
  void tokenTypedIntoTheCommandIsNeitherStoredNorEchoed() throws Exception {
    HttpResponse<String> ack = app.command(ADA, "set " + TOKEN);

    String text = Reply.parse(ack.body()).text();
    assertThat(text).doesNotContain(TOKEN).doesNotContain("1c3e").contains("generate a new token");
    assertThat(check().verdict()).contains("*NO_TOKEN*");
    assertThat(slack.calls("views.open")).isEmpty();
  }

  @Test
  void unsignedOrMissignedRequestsAreRejected() throws Exception {
    String body = "command=%2Fclearfeed-token-check&user_id=U0ADA&text=";
    String now = String.valueOf(System.currentTimeMillis() / 1000);
    String future = String.valueOf(System.currentTimeMillis() / 1000 + 600);
    String stale = String.valueOf(System.currentTimeMillis() / 1000 - 600);

    HttpResponse<String> unsigned = app.postSigned(body, null, null);
    HttpResponse<String> wrong = app.postSigned(body, now, "v0=" + "0".repeat(64));
    HttpResponse<String> fromTheFuture = app.postSigned(body, future, app.sign(future, body));
    HttpResponse<String> fromThePast = app.postSigned(body, stale, app.sign(stale, body));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(fromTheFuture.statusCode()).isEqualTo(401);
    assertThat(fromThePast.statusCode()).isEqualTo(401);
    assertThat(slack.calls("users.info")).isEmpty();
  }

  @Test
  void oversizedBodyIsRefused() throws Exception {
    HttpResponse<String> response = app.post("text=" + "a".repeat(70_000));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void healthAnswersOnceStarted() throws Exception {
    HttpResponse<String> health = app.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("ok");
  }

  private void awaitCall(String method) throws InterruptedException {
    for (int i = 0; i < 100 && slack.calls(method).isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(slack.calls(method)).as(method + " calls").isNotEmpty();
  }
}
