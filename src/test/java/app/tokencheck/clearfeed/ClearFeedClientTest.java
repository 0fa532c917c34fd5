package app.tokencheck.clearfeed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ClearFeed's answers, served by a fake ClearFeed over real HTTP, and how each is classified. */
final class ClearFeedClientTest {
  private static final String TOKEN = "cfpat_4f9a2c7e1b3d5a6c8e0f";
  private static final Duration PATIENT = Duration.ofSeconds(5);
  private static final Duration IMPATIENT = Duration.ofMillis(300);
  private static final String SLACK_PROFILE_ERROR =
      "{\"message\": \"The authenticated user does not have a corresponding profile in the Slack"
          + " workspace.\", \"error\": \"FORBIDDEN\"}";

  private static final OkHttpClient HTTP = new OkHttpClient();

  private final MockWebServer clearFeed = new MockWebServer();
  private ClearFeedClient client;

  @BeforeEach
  void startClearFeed() throws IOException {
    clearFeed.start();
    client = clientFor(clearFeed, PATIENT);
  }

  @AfterEach
  void stopClearFeed() {
    clearFeed.close();
  }

  @AfterAll
  static void releaseHttpClient() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  void probeListsOneRequestWithTheTokenAsBearer() throws InterruptedException {
    clearFeed.enqueue(json(200, "{\"requests\": [], \"response_metadata\": {}}"));

    client.probe(TOKEN);

    RecordedRequest request = clearFeed.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/rest/requests");
    assertThat(request.getUrl().query()).isEqualTo("limit=1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void status200MeansTheTokenIsAccepted() {
    clearFeed.enqueue(json(200, "{\"requests\": [], \"response_metadata\": {}}"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.ACCEPTED);
    assertThat(probe.status()).isEqualTo(200);
    assertThat(probe.inconclusive()).isFalse();
  }

  @Test
  void status200WithMalformedJsonIsStillAccepted() {
    clearFeed.enqueue(json(200, "{\"requests\": [ oops"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.ACCEPTED);
  }

  @Test
  void status200WithAPageThatIsNotClearFeedsSaysNothingAboutTheToken() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/html")
            .body("<html><body>Sign in to the proxy</body></html>")
            .build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.UNEXPECTED_STATUS);
    assertThat(probe.status()).isEqualTo(200);
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void status200WithJsonOfAnotherShapeSaysNothingAboutTheToken() {
    clearFeed.enqueue(json(200, "{\"status\": \"ok\"}"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.UNEXPECTED_STATUS);
  }

  @Test
  void aRedirectIsNotFollowedSoItCannotBlameTheToken() throws InterruptedException {
    // Followed, the second request would go without the token (another host) and get a 401.
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(301)
            .addHeader("Location", clearFeed.url("/elsewhere").toString())
            .build());
    clearFeed.enqueue(new MockResponse.Builder().code(401).build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.UNEXPECTED_STATUS);
    assertThat(probe.status()).isEqualTo(301);
    assertThat(probe.inconclusive()).isTrue();
    assertThat(clearFeed.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(clearFeed.getRequestCount()).isEqualTo(1);
  }

  @Test
  void status401WithEmptyBodyMeansTheTokenIsRejected() {
    clearFeed.enqueue(new MockResponse.Builder().code(401).build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.REJECTED);
    assertThat(probe.status()).isEqualTo(401);
    assertThat(probe.inconclusive()).isFalse();
  }

  @Test
  void documentedForbiddenBodyMeansNoSlackProfile() {
    clearFeed.enqueue(json(403, SLACK_PROFILE_ERROR));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE);
    assertThat(probe.status()).isEqualTo(403);
    assertThat(probe.forbidden()).isTrue();
  }

  @Test
  void forbiddenIsRecognisedByTheErrorCodeNotTheMessageText() {
    clearFeed.enqueue(
        json(403, "{\"message\": \"Reworded by ClearFeed\", \"error\": \"FORBIDDEN\"}"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE);
  }

  @Test
  void status403WithHtmlIsAnotherKindOfForbidden() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("Content-Type", "text/html")
            .body("<html><body><h1>403 Forbidden</h1></body></html>")
            .build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.FORBIDDEN_OTHER);
    // Not ClearFeed's answer, so it says nothing about the token (and is counted as such).
    assertThat(probe.inconclusive()).isTrue();
    assertThat(probe.forbidden()).isTrue();
  }

  @Test
  void status403WithOtherJsonIsAnotherKindOfForbidden() {
    clearFeed.enqueue(json(403, "{\"message\": \"Agents only\", \"error\": \"NOT_AN_AGENT\"}"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.FORBIDDEN_OTHER);
  }

  @Test
  void status403WithEmptyBodyIsAnotherKindOfForbidden() {
    clearFeed.enqueue(new MockResponse.Builder().code(403).build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.FORBIDDEN_OTHER);
  }

  @Test
  void status429CarriesRetryAfterInSeconds() {
    clearFeed.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.RATE_LIMITED);
    assertThat(probe.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void status429WithoutRetryAfterHasNoHint() {
    clearFeed.enqueue(new MockResponse.Builder().code(429).build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.RATE_LIMITED);
    assertThat(probe.retryAfter()).isEmpty();
  }

  @Test
  void status429WithHttpDateRetryAfterHasNoHint() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")
            .build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.RATE_LIMITED);
    assertThat(probe.retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void status5xxIsAServerError(int status) {
    clearFeed.enqueue(new MockResponse.Builder().code(status).body("upstream trouble").build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.SERVER_ERROR);
    assertThat(probe.status()).isEqualTo(status);
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void status404IsUnexpected() {
    clearFeed.enqueue(json(404, "{\"error\": \"NOT_FOUND\"}"));

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.UNEXPECTED_STATUS);
    assertThat(probe.status()).isEqualTo(404);
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void answerSlowerThanTheTimeoutTimesOut() {
    clearFeed.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build());

    TokenProbe probe = clientFor(clearFeed, IMPATIENT).probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.TIMED_OUT);
    assertThat(probe.status()).isZero();
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void forbiddenBodySlowerThanTheTimeoutTimesOut() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body(SLACK_PROFILE_ERROR)
            .bodyDelay(2, TimeUnit.SECONDS)
            .build());

    TokenProbe probe = clientFor(clearFeed, IMPATIENT).probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.TIMED_OUT);
  }

  @Test
  void refusedConnectionIsAConnectionFailure() {
    MockWebServer gone = new MockWebServer();
    ClearFeedClient toNowhere;
    try (gone) {
      gone.start();
      toNowhere = clientFor(gone, PATIENT);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }

    TokenProbe probe = toNowhere.probe(TOKEN);

    assertThat(probe.outcome()).isEqualTo(TokenProbe.Outcome.CONNECTION_FAILED);
    assertThat(probe.status()).isZero();
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void connectionClosedBeforeTheAnswerIsNeverAccepted() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(200)
            .onResponseStart(new SocketEffect.CloseSocket())
            .build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome())
        .isIn(TokenProbe.Outcome.CONNECTION_FAILED, TokenProbe.Outcome.TIMED_OUT);
    assertThat(probe.inconclusive()).isTrue();
  }

  @Test
  void connectionClosedWhileSendingTheRequestIsNeverAccepted() {
    clearFeed.enqueue(
        new MockResponse.Builder()
            .code(200)
            .onRequestStart(new SocketEffect.CloseSocket())
            .build());

    TokenProbe probe = client.probe(TOKEN);

    assertThat(probe.outcome())
        .isIn(TokenProbe.Outcome.CONNECTION_FAILED, TokenProbe.Outcome.TIMED_OUT);
  }

  @Test
  void userReadsClearFeedsRecordBySlackId() throws InterruptedException {
    clearFeed.enqueue(
        json(
            200,
            "{\"users\": [{\"id\": \"U1\", \"name\": \"Ann\", \"email\": \"ann@example.com\","
                + " \"avatar\": \"\", \"deleted\": true, \"is_bot\": false}],"
                + " \"response_metadata\": {\"next_cursor\": \"\"}}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FOUND);
    assertThat(record.status()).isEqualTo(200);
    assertThat(record.user())
        .hasValueSatisfying(
            user -> {
              assertThat(user.id()).isEqualTo("U1");
              assertThat(user.name()).isEqualTo("Ann");
              assertThat(user.email()).contains("ann@example.com");
              assertThat(user.deleted()).isTrue();
            });
    RecordedRequest request = clearFeed.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/rest/users");
    assertThat(request.getUrl().queryParameter("ids")).isEqualTo("U1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void userWithoutEmailHasNoEmail() {
    clearFeed.enqueue(json(200, "{\"users\": [{\"id\": \"U1\", \"name\": \"Ann\"}]}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FOUND);
    assertThat(record.user()).hasValueSatisfying(user -> assertThat(user.email()).isEmpty());
    assertThat(record.user()).hasValueSatisfying(user -> assertThat(user.deleted()).isFalse());
  }

  @Test
  void userMissingFromTheListIsAbsent() {
    clearFeed.enqueue(
        json(200, "{\"users\": [{\"id\": \"U2\", \"name\": \"Bo\", \"deleted\": false}]}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.ABSENT);
    assertThat(record.user()).isEmpty();
    assertThat(record.status()).isEqualTo(200);
  }

  @Test
  void userRequestRefusedWith400Fails() {
    clearFeed.enqueue(json(400, "{\"error\": \"BAD_REQUEST\"}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FAILED);
    assertThat(record.status()).isEqualTo(400);
  }

  @Test
  void userAnswerThatIsNotJsonFails() {
    clearFeed.enqueue(json(200, "<html>maintenance</html>"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FAILED);
    assertThat(record.status()).isEqualTo(200);
  }

  @Test
  void userAnswerWithoutAUsersListFails() {
    clearFeed.enqueue(json(200, "{\"data\": [{\"id\": \"U1\"}]}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FAILED);
  }

  @Test
  void userAnswerCutOffInsideTheListFails() {
    clearFeed.enqueue(json(200, "{\"users\": [{\"id\": \"U2\"}, {\"id\": \"U1\", \"na"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FAILED);
  }

  @Test
  void userFieldsOfOtherShapesAreSkippedNotMisread() {
    clearFeed.enqueue(
        json(
            200,
            "{\"meta\": {\"users\": []}, \"users\": [\"U1\", {\"id\": \"U1\","
                + " \"profile\": {\"email\": \"other@example.com\", \"deleted\": true},"
                + " \"name\": {\"first\": \"Ann\"}, \"email\": \"ann@example.com\","
                + " \"deleted\": \"true\"}]}"));

    UserRecord record = client.user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FOUND);
    assertThat(record.user())
        .hasValueSatisfying(
            user -> {
              assertThat(user.name()).isEmpty();
              assertThat(user.email()).contains("ann@example.com");
              assertThat(user.deleted()).isTrue();
            });
  }

  @Test
  void userAnswerSlowerThanTheTimeoutFails() {
    clearFeed.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build());

    UserRecord record = clientFor(clearFeed, IMPATIENT).user(TOKEN, "U1");

    assertThat(record.outcome()).isEqualTo(UserRecord.Outcome.FAILED);
    assertThat(record.status()).isZero();
  }

  private static ClearFeedClient clientFor(MockWebServer server, Duration timeout) {
    return new ClearFeedClient(URI.create(server.url("/").toString()), HTTP, timeout);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
