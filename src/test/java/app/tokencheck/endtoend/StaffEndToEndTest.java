package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Support staff check someone else over real HTTP: by mention, member ID or email, directly listed
 * or through a user group, with ClearFeed's own record read with the workspace token.
 */
final class StaffEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String ADA_EMAIL = "ada@example.com";
  private static final String GRACE = "U0GRACE";
  private static final String MALLORY = "U0MALLORY";
  private static final String LEAD = "U0LEAD";
  private static final String GROUP = "S0SUPPORT";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";
  private static final String SERVICE_TOKEN = "cf_workspace_token_0000000000000000beef";

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, ADA_EMAIL, user -> {});
    slack.addMember(GRACE, "grace@example.com", user -> {});
    slack.addMember(MALLORY, "mallory@example.com", user -> {});
    slack.addUserGroup(GROUP, LEAD);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
    clearFeed.close();
  }

  private void startApp(List<String> staff, Optional<String> serviceToken) throws Exception {
    Settings settings =
        AppUnderTest.settings(slack, clearFeed, data)
            .withStaff(staff, serviceToken, Duration.ofDays(90));
    app = new AppUnderTest(slack, settings);
  }

  private Reply command(String user, String text) throws Exception {
    HttpResponse<String> ack = app.command(user, text);
    assertThat(ack.statusCode()).isEqualTo(200);
    return Reply.parse(slack.nextReply());
  }

  /** Runs {@code history} text as {@code user} until the answer contains {@code wanted}. */
  private String historyShowing(String user, String text, String wanted) throws Exception {
    String answer = "";
    for (int i = 0; i < 20 && !answer.contains(wanted); i++) {
      if (i > 0) {
        Thread.sleep(100);
      }
      answer = command(user, text).text();
    }
    return answer;
  }

  @Test
  void staffCheckByMentionIdOrEmailIsAboutThatPersonsStoredToken() throws Exception {
    startApp(List.of(GRACE), Optional.empty());
    app.storeToken(ADA, TOKEN, null);
    List<String> forms =
        List.of("<@U0ADA|ada>", "U0ADA", "<mailto:ada@example.com|ada@example.com>", ADA_EMAIL);

    List<String> acks = new ArrayList<>();
    List<Reply> replies = new ArrayList<>();
    for (String form : forms) {
      acks.add(Reply.parse(app.command(GRACE, form).body()).text());
      replies.add(Reply.parse(slack.nextReply()));
    }

    assertThat(acks).allSatisfy(ack -> assertThat(ack).startsWith("Checking that person's"));
    assertThat(replies)
        .hasSize(4)
        .allSatisfy(
            reply -> {
              assertThat(reply.verdict()).contains("*TOKEN_INVALID*");
              assertThat(reply.checkLine("Slack account")).contains("(U0ADA)");
              assertThat(reply.all())
                  .contains("Token …1c3e of <@U0ADA>, stored <!date^")
                  .doesNotContain(TOKEN);
            });
    assertThat(slack.calls("users.lookupByEmail"))
        .extracting(call -> call.form().get("email"))
        .containsExactly(ADA_EMAIL, ADA_EMAIL);
    assertThat(slack.calls("users.info"))
        .extracting(call -> call.form().get("user"))
        .containsExactly(ADA, ADA, ADA, ADA);
    assertThat(clearFeed.requests()).allMatch(r -> r.startsWith("Bearer " + TOKEN + " | "));
  }

  @Test
  void emailThatNoMemberHasIsAFindingAndNobodyIsLookedUp() throws Exception {
    startApp(List.of(GRACE), Optional.empty());

    Reply reply = command(GRACE, "<mailto:nobody@example.com|nobody@example.com>");

    assertThat(reply.text())
        .startsWith("❌ *SLACK_USER_NOT_FOUND*")
        .contains("No active Slack member has the email nobody@example.com");
    assertThat(slack.calls("users.lookupByEmail"))
        .extracting(call -> call.form().get("email"))
        .containsExactly("nobody@example.com");
    assertThat(slack.calls("users.info")).isEmpty();
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void emailLookupWithARefusedBotTokenAsksForANewTokenNotAScope() throws Exception {
    startApp(List.of(GRACE), Optional.empty());
    slack.enqueue(
        "users.lookupByEmail",
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"ok\":false,\"error\":\"invalid_auth\"}")
            .build());

    Reply reply = command(GRACE, "<mailto:ada@example.com|ada@example.com>");

    assertThat(reply.text())
        .startsWith("❌ *SLACK_APP_MISCONFIGURED*")
        .contains("refused this app's bot token (invalid_auth)")
        .contains("SLACK_BOT_TOKEN")
        .doesNotContain("users:read.email");
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void memberWhoIsNotStaffIsRefusedWithoutLookingAtTheTargetAndTheAttemptIsRecorded()
      throws Exception {
    startApp(List.of(GRACE), Optional.of(SERVICE_TOKEN));
    clearFeed.accept(SERVICE_TOKEN);
    app.storeToken(ADA, TOKEN, null);

    Reply byMention = command(MALLORY, "<@U0ADA|ada>");
    Reply byEmail = command(MALLORY, ADA_EMAIL);
    String audit = historyShowing(GRACE, "history <@U0ADA>", "NOT_ALLOWED");

    assertThat(byMention.text()).startsWith("❌ *NOT_ALLOWED* — Only support staff");
    assertThat(byEmail.text()).startsWith("❌ *NOT_ALLOWED*").doesNotContain(ADA_EMAIL);
    assertThat(slack.calls("users.info")).isEmpty();
    assertThat(slack.calls("users.lookupByEmail")).isEmpty();
    assertThat(clearFeed.requestCount()).isZero();
    assertThat(audit).contains("`NOT_ALLOWED` · <@U0ADA> · asked by <@U0MALLORY>");
  }

  @Test
  void membersOfTheStaffUserGroupMayCheckOthersAndNobodyElseMay() throws Exception {
    startApp(List.of(GROUP), Optional.empty());

    Reply byLead = command(LEAD, "<@U0ADA|ada>");
    Reply byOutsider = command(MALLORY, "<@U0GRACE|grace>");

    assertThat(byLead.verdict()).contains("*NO_TOKEN*");
    assertThat(byOutsider.text()).startsWith("❌ *NOT_ALLOWED*");
    assertThat(slack.calls("usergroups.users.list"))
        .extracting(call -> call.form().get("usergroup"))
        .containsOnly(GROUP);
    assertThat(slack.calls("users.info"))
        .extracting(call -> call.form().get("user"))
        .containsExactly(ADA);
  }

  @Test
  void memberWhoIsNotStaffMayStillCheckThemselvesByMention() throws Exception {
    startApp(List.of(GRACE), Optional.empty());

    Reply reply = command(MALLORY, "<@U0MALLORY|mallory>");

    assertThat(reply.verdict()).contains("*NO_TOKEN*");
  }

  @Test
  void targetWithoutStoredTokenIsToldHowToStoreOne() throws Exception {
    startApp(List.of(GRACE), Optional.empty());

    Reply reply = command(GRACE, "U0ADA");

    assertThat(reply.verdict()).contains("*NO_TOKEN*");
    assertThat(reply.all())
        .contains("/clearfeed-token-check set")
        .contains("No token stored for <@U0ADA>");
    assertThat(clearFeed.requestCount()).isZero();
  }

  @Test
  void workspaceRecordWithAnotherEmailExplainsTheForbiddenAsEmailMismatch() throws Exception {
    startApp(List.of(GRACE), Optional.of(SERVICE_TOKEN));
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    clearFeed.accept(SERVICE_TOKEN);
    clearFeed.record(ADA, "ada.old@example.org", false);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = command(GRACE, "<@U0ADA|ada>");

    assertThat(reply.verdict()).startsWith("❌ *EMAIL_MISMATCH*");
    assertThat(reply.checkLine("ClearFeed token")).contains("403 FORBIDDEN");
    assertThat(reply.checkLine("ClearFeed record"))
        .startsWith("⚠️")
        .contains("ClearFeed has the email ada.old@example.org, Slack has ada@example.com")
        .endsWith("(read with the workspace token)");
    assertThat(clearFeed.requests())
        .contains("Bearer " + SERVICE_TOKEN + " | /v1/rest/users?ids=U0ADA");
  }

  @Test
  void workspaceRecordMissingConfirmsProfileNotLinked() throws Exception {
    startApp(List.of(GRACE), Optional.of(SERVICE_TOKEN));
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    clearFeed.accept(SERVICE_TOKEN);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = command(GRACE, "<@U0ADA|ada>");

    assertThat(reply.verdict())
        .startsWith("❌ *PROFILE_NOT_LINKED*")
        .contains("ClearFeed has no record of this Slack user")
        .doesNotContain("Likely");
    assertThat(reply.checkLine("ClearFeed record"))
        .contains("ClearFeed lists no user U0ADA")
        .endsWith("(read with the workspace token)");
  }

  @Test
  void workspaceRecordMarkedDeletedConfirmsProfileNotLinkedAsDeactivated() throws Exception {
    startApp(List.of(GRACE), Optional.of(SERVICE_TOKEN));
    clearFeed.answer(TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);
    clearFeed.accept(SERVICE_TOKEN);
    clearFeed.record(ADA, ADA_EMAIL, true);
    app.storeToken(ADA, TOKEN, null);

    Reply reply = command(GRACE, "<@U0ADA|ada>");

    assertThat(reply.verdict())
        .startsWith("❌ *PROFILE_NOT_LINKED*")
        .contains("deactivated")
        .doesNotContain("Likely");
    assertThat(reply.checkLine("ClearFeed record"))
        .contains("ClearFeed marks this user as deactivated (read with the workspace token)");
  }
}
