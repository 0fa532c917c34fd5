package app.tokencheck.slackdirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slack's answers to the directory's three calls, served over HTTP, and how each is sorted. */
final class SlackDirectoryTest {
  private final FakeSlack fakeSlack = new FakeSlack();
  private final MockWebServer server = new MockWebServer();
  private Slack slack;
  private SlackDirectory directory;

  @BeforeEach
  void startSlack() throws IOException {
    server.setDispatcher(fakeSlack);
    server.start();
    slack = FakeSlack.slack(server);
    directory =
        new SlackDirectory(SlackWebApi.methods(slack, FakeSlack.BOT_TOKEN), Clock.systemUTC());
  }

  @AfterEach
  void stopSlack() throws Exception {
    slack.close();
    server.close();
  }

  @Test
  void usersInfoMapsTheFieldsThatMatterForMatching() throws InterruptedException {
    ObjectNode body = ApiSamples.ok("users.info");
    ObjectNode user = (ObjectNode) body.get("user");
    user.put("id", "U1")
        .put("team_id", "T1")
        .put("name", "ann")
        .put("real_name", "Ann Example")
        .put("deleted", true)
        .put("is_restricted", true)
        .put("is_ultra_restricted", false)
        .put("is_stranger", true)
        .put("is_bot", false)
        .put("is_email_confirmed", true);
    ((ObjectNode) user.get("profile")).put("email", "ann@example.com");
    ((ObjectNode) user.get("enterprise_user")).putArray("teams").add("T1").add("T2");
    fakeSlack.answer("users.info", body);

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.FOUND);
    assertThat(lookup.error()).isEmpty();
    assertThat(lookup.user())
        .contains(
            new SlackUser(
                "U1",
                "T1",
                List.of("T1", "T2"),
                "Ann Example",
                true,
                true,
                false,
                true,
                false,
                Optional.of("ann@example.com"),
                SlackUser.EmailConfirmation.CONFIRMED));
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/users.info");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer xoxb-test");
    assertThat(request.getBody()).isNotNull();
    assertThat(request.getBody().utf8()).contains("user=U1");
  }

  @Test
  void anAnswerWithoutIsEmailConfirmedIsNotReadAsUnconfirmed() {
    ObjectNode body = ApiSamples.ok("users.info");
    ((ObjectNode) body.get("user")).put("id", "U1").remove("is_email_confirmed");
    fakeSlack.answer("users.info", body);

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.user())
        .hasValueSatisfying(
            u ->
                assertThat(u.emailConfirmation())
                    .isEqualTo(SlackUser.EmailConfirmation.NOT_STATED));
  }

  @Test
  void anAnswerWithIsEmailConfirmedFalseIsUnconfirmed() {
    ObjectNode body = ApiSamples.ok("users.info");
    ((ObjectNode) body.get("user")).put("id", "U1").put("is_email_confirmed", false);
    fakeSlack.answer("users.info", body);

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.user())
        .hasValueSatisfying(
            u ->
                assertThat(u.emailConfirmation())
                    .isEqualTo(SlackUser.EmailConfirmation.UNCONFIRMED));
  }

  @Test
  void usersInfoWithoutEmailScopeLeavesTheEmailAbsent() {
    ObjectNode body = ApiSamples.ok("users.info");
    ObjectNode user = (ObjectNode) body.get("user");
    user.put("id", "U1").put("name", "ann").put("real_name", "");
    ((ObjectNode) user.get("profile")).remove("email");
    fakeSlack.answer("users.info", body);

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.FOUND);
    assertThat(lookup.user()).hasValueSatisfying(u -> assertThat(u.email()).isEmpty());
    assertThat(lookup.user()).hasValueSatisfying(u -> assertThat(u.displayName()).isEqualTo("ann"));
  }

  @Test
  void unknownUserIsNotFound() {
    fakeSlack.answerError("users.info", "user_not_found");

    UserLookup lookup = directory.user("U404", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.NOT_FOUND);
    assertThat(lookup.user()).isEmpty();
    assertThat(lookup.error()).isEqualTo("user_not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid_auth", "token_revoked", "account_inactive"})
  void refusedBotTokenMeansTheAppIsRejected(String error) {
    fakeSlack.answerError("users.info", error);

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.APP_REJECTED);
    assertThat(lookup.error()).isEqualTo(error);
  }

  @Test
  void missingScopeNamesTheScopeSlackNeeds() {
    fakeSlack.answer(
        "users.info",
        FakeSlack.json(
            200,
            "{\"ok\": false, \"error\": \"missing_scope\", \"needed\": \"users:read\","
                + " \"provided\": \"commands\"}"));

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.MISSING_SCOPE);
    assertThat(lookup.error()).isEqualTo("users:read");
  }

  @Test
  void hiddenUserIsNotVisible() {
    fakeSlack.answerError("users.info", "user_not_visible");

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.NOT_VISIBLE);
  }

  @Test
  void unknownErrorCodeMeansSlackCouldNotTell() {
    fakeSlack.answerError("users.info", "fatal_error");

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    assertThat(lookup.error()).isEqualTo("fatal_error");
  }

  @Test
  void rateLimitThatFitsBeforeTheDeadlineIsRetriedOnce() {
    fakeSlack.answer("users.info", rateLimited(1));
    fakeSlack.answer("users.info", userNamed("U1"));

    UserLookup lookup = directory.user("U1", Instant.now().plusSeconds(5));

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.FOUND);
    assertThat(lookup.user()).hasValueSatisfying(u -> assertThat(u.id()).isEqualTo("U1"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitLongerThanTheDeadlineIsNotWaitedFor() {
    fakeSlack.answer("users.info", rateLimited(30));
    fakeSlack.answer("users.info", userNamed("U1"));
    Instant started = Instant.now();

    UserLookup lookup = directory.user("U1", started.plusSeconds(2));

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    assertThat(lookup.error()).isEqualTo("ratelimited");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void secondRateLimitIsNotRetriedAgain() {
    fakeSlack.answer("users.info", rateLimited(0));
    fakeSlack.answer("users.info", rateLimited(0));
    fakeSlack.answer("users.info", userNamed("U1"));

    UserLookup lookup = directory.user("U1", Instant.now().plusSeconds(5));

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorMeansSlackIsUnreachable() {
    fakeSlack.answer("users.info", new MockResponse.Builder().code(500).build());

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    assertThat(lookup.error()).contains("500");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closedConnectionMeansSlackIsUnreachable() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    Slack toNowhere = FakeSlack.slack(gone);
    gone.close();
    SlackDirectory unreachable =
        new SlackDirectory(SlackWebApi.methods(toNowhere, FakeSlack.BOT_TOKEN), Clock.systemUTC());

    UserLookup lookup = unreachable.user("U1", soon());

    toNowhere.close();
    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    // Shown to a support person, so in words rather than a Java class name.
    assertThat(lookup.error()).isEqualTo("connection refused");
  }

  @Test
  void aPageThatIsNotJsonMeansSlackCouldNotTellInWords() {
    fakeSlack.answer(
        "users.info",
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/html")
            .body("<html><body>Proxy login</body></html>")
            .build());

    UserLookup lookup = directory.user("U1", soon());

    assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
    assertThat(lookup.error()).isEqualTo("unreadable answer");
  }

  @Test
  void lookupByEmailFindsTheMember() throws InterruptedException {
    ObjectNode body = ApiSamples.ok("users.lookupByEmail");
    ((ObjectNode) body.get("user")).put("id", "U7");
    fakeSlack.answer("users.lookupByEmail", body);

    EmailLookup lookup = directory.userByEmail("ann@example.com", soon());

    assertThat(lookup.outcome()).isEqualTo(EmailLookup.Outcome.FOUND);
    assertThat(lookup.userId()).contains("U7");
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/users.lookupByEmail");
    assertThat(request.getBody()).isNotNull();
    assertThat(request.getBody().utf8()).contains("email=ann%40example.com");
  }

  @Test
  void unknownEmailIsNotFound() {
    fakeSlack.answerError("users.lookupByEmail", "users_not_found");

    EmailLookup lookup = directory.userByEmail("nobody@example.com", soon());

    assertThat(lookup.outcome()).isEqualTo(EmailLookup.Outcome.NOT_FOUND);
    assertThat(lookup.userId()).isEmpty();
    assertThat(lookup.error()).isEqualTo("users_not_found");
  }

  @Test
  void lookupByEmailWithoutEmailScopeIsMissingScope() {
    fakeSlack.answer(
        "users.lookupByEmail",
        FakeSlack.json(
            200,
            "{\"ok\": false, \"error\": \"missing_scope\", \"needed\": \"users:read.email\"}"));

    EmailLookup lookup = directory.userByEmail("ann@example.com", soon());

    assertThat(lookup.outcome()).isEqualTo(EmailLookup.Outcome.MISSING_SCOPE);
    assertThat(lookup.error()).isEqualTo("users:read.email");
  }

  @Test
  void authTestGivesTheWorkspaceAndItsScopes() {
    ObjectNode body = ApiSamples.ok("auth.test");
    body.put("team_id", "T1");
    fakeSlack.answer(
        "auth.test",
        FakeSlack.json(200, body.toString())
            .newBuilder()
            .addHeader("x-oauth-scopes", "commands,users:read")
            .build());

    Workspace workspace = directory.workspace(soon());

    assertThat(workspace.teamId()).contains("T1");
    assertThat(workspace.scopes()).contains(Set.of("commands", "users:read"));
    assertThat(workspace.lacks("users:read.email")).isTrue();
    assertThat(workspace.lacks("users:read")).isFalse();
    assertThat(workspace.tokenRejected()).isFalse();
    assertThat(workspace.failure()).isEmpty();
  }

  @Test
  void scopesAreReadWhateverTheHeaderCase() {
    ObjectNode body = ApiSamples.ok("auth.test");
    body.put("team_id", "T1");
    fakeSlack.answer(
        "auth.test",
        FakeSlack.json(200, body.toString())
            .newBuilder()
            .addHeader("X-OAuth-Scopes", "commands, users:read, users:read.email")
            .build());

    Workspace workspace = directory.workspace(soon());

    assertThat(workspace.scopes()).contains(Set.of("commands", "users:read", "users:read.email"));
    assertThat(workspace.lacks("users:read.email")).isFalse();
  }

  @Test
  void authTestWithoutScopeHeaderLacksNothingItCanProve() {
    ObjectNode body = ApiSamples.ok("auth.test");
    body.put("team_id", "T1");
    fakeSlack.answer("auth.test", body);

    Workspace workspace = directory.workspace(soon());

    assertThat(workspace.teamId()).contains("T1");
    assertThat(workspace.scopes()).isEmpty();
    assertThat(workspace.lacks("users:read.email")).isFalse();
  }

  @Test
  void refusedBotTokenIsReportedByAuthTest() {
    fakeSlack.answerError("auth.test", "invalid_auth");

    Workspace workspace = directory.workspace(soon());

    assertThat(workspace.tokenRejected()).isTrue();
    assertThat(workspace.teamId()).isEmpty();
    assertThat(workspace.failure()).map(SlackFailure::detail).contains("invalid_auth");
  }

  @Test
  void authTestServerErrorIsNotARejectedToken() {
    fakeSlack.answer("auth.test", new MockResponse.Builder().code(503).build());

    Workspace workspace = directory.workspace(soon());

    assertThat(workspace.tokenRejected()).isFalse();
    assertThat(workspace.failure()).map(SlackFailure::kind).contains(SlackFailure.Kind.UNREACHABLE);
  }

  @Test
  void concurrentLookupsOfTheSameMemberShareOneCall() throws Exception {
    fakeSlack.answer("users.info", slow(ApiSamples.ok("users.info")));

    List<UserLookup> lookups = atOnce(4, () -> directory.user("U1", soon()));

    assertThat(lookups)
        .hasSize(4)
        .allSatisfy(lookup -> assertThat(lookup.outcome()).isEqualTo(UserLookup.Outcome.FOUND));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void concurrentLookupsOfOneEmailShareOneCallWhateverTheCase() throws Exception {
    fakeSlack.answer("users.lookupByEmail", slow(ApiSamples.ok("users.lookupByEmail")));

    AtomicInteger caller = new AtomicInteger();

    List<EmailLookup> lookups =
        atOnce(
            4,
            () ->
                directory.userByEmail(
                    caller.getAndIncrement() % 2 == 0 ? "ann@example.com" : "Ann@Example.com",
                    soon()));

    assertThat(lookups)
        .allSatisfy(lookup -> assertThat(lookup.outcome()).isEqualTo(EmailLookup.Outcome.FOUND));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aLookupAfterTheSharedOneEndedAsksSlackAgain() {
    fakeSlack.answer("users.info", ApiSamples.ok("users.info"));
    fakeSlack.answerError("users.info", "user_not_found");

    UserLookup first = directory.user("U1", soon());
    UserLookup second = directory.user("U1", soon());

    assertThat(first.outcome()).isEqualTo(UserLookup.Outcome.FOUND);
    assertThat(second.outcome()).isEqualTo(UserLookup.Outcome.NOT_FOUND);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aCallerWhoseDeadlineComesFirstStopsWaitingForTheSharedCall() throws Exception {
    fakeSlack.answer("users.info", slow(ApiSamples.ok("users.info")));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<UserLookup> patient = caller.submit(() -> directory.user("U1", soon()));
      while (server.getRequestCount() == 0) {
        Thread.sleep(5);
      }

      UserLookup hurried = directory.user("U1", Instant.now().plusMillis(100));

      assertThat(hurried.outcome()).isEqualTo(UserLookup.Outcome.UNREACHABLE);
      assertThat(hurried.error()).isEqualTo("timeout");
      assertThat(patient.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(UserLookup.Outcome.FOUND);
      assertThat(server.getRequestCount()).isEqualTo(1);
    } finally {
      caller.shutdownNow();
    }
  }

  /** An HTTP 200 with {@code body}, sent late enough for other callers to join its call. */
  private static MockResponse slow(ObjectNode body) {
    return FakeSlack.json(200, body.toString())
        .newBuilder()
        .headersDelay(1, TimeUnit.SECONDS)
        .build();
  }

  /** Runs {@code call} on {@code threads} threads released together, and collects the answers. */
  private static <T> List<T> atOnce(int threads, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.call();
                }));
      }
      go.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> future : futures) {
        answers.add(future.get(10, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Instant soon() {
    return Instant.now().plusSeconds(5);
  }

  private static ObjectNode userNamed(String id) {
    ObjectNode body = ApiSamples.ok("users.info");
    ((ObjectNode) body.get("user")).put("id", id);
    return body;
  }

  private static MockResponse rateLimited(int retryAfterSeconds) {
    return new MockResponse.Builder()
        .code(429)
        .addHeader("Retry-After", retryAfterSeconds)
        .addHeader("Content-Type", "application/json")
        .body("{\"ok\": false, \"error\": \"ratelimited\"}")
        .build();
  }
}
