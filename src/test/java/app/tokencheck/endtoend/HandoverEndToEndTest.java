package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A support lead checks an agent, hands over the fix, the agent re-checks: every message of the
 * loop is captured at the fake Slack.
 */
final class HandoverEndToEndTest {
  private static final String LEAD = "U0LEAD";
  private static final String ADA = "U0ADA";
  private static final String OLD_TOKEN = "cf_pat_old_token_0000000000000000000aaaa";
  private static final String NEW_TOKEN = "cf_pat_new_token_0000000000000000000bbbb";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(LEAD, "lead@example.com", user -> {});
    slack.addMember(ADA, "ada@example.com", user -> {});
    app =
        new AppUnderTest(
            slack,
            AppUnderTest.settings(slack, clearFeed, data)
                .withStaff(List.of(LEAD), Optional.empty(), Duration.ofDays(90)));
  }

  @AfterEach
  void stop() {
    app.close();
    slack.close();
    clearFeed.close();
  }

  private String checkAdaAsLead() throws Exception {
    app.command(LEAD, "<@" + ADA + "|ada>");
    JsonNode reply = JSON.readTree(slack.nextReply());
    for (JsonNode block : reply.path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("handover_send".equals(element.path("action_id").asText())) {
          return element.path("value").asText();
        }
      }
    }
    throw new AssertionError("No hand-over button in " + reply);
  }

  private List<FakeSlack.Call> messagesTo(String user) {
    return slack.calls("chat.postMessage").stream()
        .filter(call -> user.equals(call.form().get("channel")))
        .toList();
  }

  @Test
  void handedOverFixReachesTheOwnerOnceWithTheirSteps() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();

    HttpResponse<String> ack = app.click(LEAD, "handover_send", handover);
    String confirmation = Reply.parse(slack.nextReply()).text();
    app.click(LEAD, "handover_send", handover);
    String second = Reply.parse(slack.nextReply()).text();

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(confirmation).contains("Sent <@" + ADA + ">");
    assertThat(second).contains("Already sent");
    // The first click checked Ada again, and that check is in the record like any other.
    app.command(LEAD, "history <@" + ADA + "|ada>");
    assertThat(Reply.parse(slack.nextReply()).text())
        .contains("The last 2 checks of <@" + ADA + ">");
    assertThat(messagesTo(ADA)).hasSize(1);
    String dm = messagesTo(ADA).get(0).form().get("blocks");
    assertThat(dm)
        .contains("TOKEN_INVALID")
        .contains("developer-settings")
        .contains("handover_recheck")
        .doesNotContain(OLD_TOKEN);
  }

  @Test
  void messageSlackRefusedCanBeSentOnceTheAppIsFixed() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    slack.enqueue("chat.postMessage", FakeSlack.error("missing_scope"));

    app.click(LEAD, "handover_send", handover);
    String refused = Reply.parse(slack.nextReply()).text();
    app.click(LEAD, "handover_send", handover);
    String retried = Reply.parse(slack.nextReply()).text();

    assertThat(refused).contains("did not deliver").contains("click the button again");
    assertThat(retried).contains("Sent <@" + ADA + ">").doesNotContain("Already sent");
    assertThat(messagesTo(ADA)).hasSize(2);
    assertThat(messagesTo(ADA).get(1).form().get("blocks")).contains("handover_recheck");
  }

  @Test
  void twoQuickClicksSendOneMessage() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    // Slack slow to accept the first message: the second click arrives while it is on its way.
    slack.enqueue(
        "chat.postMessage",
        new MockResponse.Builder()
            .headersDelay(1, TimeUnit.SECONDS)
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"ok\":true,\"channel\":\"D0001\",\"ts\":\"1700000000.000100\"}")
            .build());

    app.click(LEAD, "handover_send", handover);
    app.click(LEAD, "handover_send", handover);
    List<String> answers =
        List.of(Reply.parse(slack.nextReply()).text(), Reply.parse(slack.nextReply()).text());

    assertThat(answers)
        .anySatisfy(text -> assertThat(text).contains("Sent <@" + ADA + ">"))
        .anySatisfy(text -> assertThat(text).contains("Already sent"));
    assertThat(messagesTo(ADA)).hasSize(1);
  }

  @Test
  void ownerWhoseTokenWorksByTheClickIsToldThereIsNothingToDo() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    clearFeed.accept(OLD_TOKEN);

    app.click(LEAD, "handover_send", handover);
    String confirmation = Reply.parse(slack.nextReply()).text();

    assertThat(confirmation).contains("token works now").doesNotContain("their steps");
    String dm = messagesTo(ADA).get(0).form().get("blocks");
    assertThat(dm)
        .contains("*OK*")
        .contains("Your token works now, so there is nothing for you to do.")
        .doesNotContain("admin")
        .doesNotContain("handover_recheck");
  }

  @Test
  void ownerOfACheckThatCouldNotTellIsToldToTryAgain() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    clearFeed.answer(OLD_TOKEN, 503, "");

    app.click(LEAD, "handover_send", handover);
    slack.nextReply();

    String dm = messagesTo(ADA).get(0).form().get("blocks");
    assertThat(dm)
        .contains("CLEARFEED_UNREACHABLE")
        .contains("What to do")
        .contains("again in a few minutes")
        .doesNotContain("admin")
        .contains("handover_recheck");
  }

  @Test
  void ownerWhoseFixIsAnAdminsIsToldWhichAdmin() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    slack.addMember(ADA, "ada@example.com", user -> user.put("deleted", true));

    app.click(LEAD, "handover_send", handover);
    slack.nextReply();

    String dm = messagesTo(ADA).get(0).form().get("blocks");
    assertThat(dm)
        .contains("SLACK_USER_DEACTIVATED")
        .contains(
            "Nothing for you to change: a Slack workspace admin and a ClearFeed admin have steps"
                + " to take.");
  }

  @Test
  void ownerWaitingOnAnAdminIsToldToRunTheCheckAfterwards() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    slack.addMember(ADA, "ada@example.com", user -> user.put("is_restricted", true));

    app.click(LEAD, "handover_send", handover);
    slack.nextReply();

    String dm = messagesTo(ADA).get(0).form().get("blocks");
    assertThat(dm)
        .contains("SLACK_GUEST_OR_EXTERNAL")
        .contains(
            "Nothing for you to change: a Slack workspace admin has steps to take.\\n"
                + "• Then run `/clearfeed-token-check` again.")
        .doesNotContain("What to do");
  }

  @Test
  void onlyTheLeadCanSendAndOnlyTheOwnerCanRecheck() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();

    app.click("U0MALLORY", "handover_send", handover);
    String refusedSend = Reply.parse(slack.nextReply()).text();
    app.click("U0MALLORY", "handover_recheck", handover);
    String refusedRecheck = Reply.parse(slack.nextReply()).text();

    assertThat(refusedSend).contains("Only the person who ran the check");
    assertThat(refusedRecheck).contains("Only <@" + ADA + "> can re-check");
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void okRecheckTellsTheLeadOnce() throws Exception {
    app.storeToken(ADA, OLD_TOKEN, null);
    String handover = checkAdaAsLead();
    app.click(LEAD, "handover_send", handover);
    slack.nextReply();

    app.click(ADA, "handover_recheck", handover);
    String stillBroken = slack.nextReply();
    clearFeed.accept(NEW_TOKEN);
    app.storeToken(ADA, NEW_TOKEN, null);
    app.click(ADA, "handover_recheck", handover);
    String fixed = slack.nextReply();
    app.click(ADA, "handover_recheck", handover);
    slack.nextReply();

    assertThat(stillBroken).contains("TOKEN_INVALID").contains("\"replace_original\":true");
    assertThat(fixed).contains("OK:").doesNotContain("handover_recheck");
    assertThat(messagesTo(LEAD)).hasSize(1);
    assertThat(messagesTo(LEAD).get(0).form().get("text"))
        .contains("<@" + ADA + "> re-checked")
        .contains("OK");
  }

  @Test
  void adminStepsComeAsTextReadyToPaste() throws Exception {
    slack.addMember(ADA, "ada@example.com", user -> user.put("deleted", true));
    app.storeToken(ADA, OLD_TOKEN, "ada@example.com");

    app.command(LEAD, ADA);
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(reply.verdict()).contains("SLACK_USER_DEACTIVATED");
    assertThat(reply.all())
        .contains("Text for a slack workspace admin")
        .contains("ClearFeed token check for Slack member " + ADA)
        .doesNotContain(OLD_TOKEN)
        .doesNotContain("handover_send");
  }

  @Test
  void ownReplyOffersNoHandover() throws Exception {
    app.storeToken(LEAD, OLD_TOKEN, null);

    app.command(LEAD, "");
    String reply = slack.nextReply();

    assertThat(reply).contains("TOKEN_INVALID").doesNotContain("handover_send");
  }
}
