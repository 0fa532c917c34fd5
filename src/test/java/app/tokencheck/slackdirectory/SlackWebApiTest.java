package app.tokencheck.slackdirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app's Web API client against a Slack served over HTTP: answers, errors and connections. */
final class SlackWebApiTest {
  private static final String USER =
      "{\"ok\": true, \"user\": {\"id\": \"U1\", \"team_id\": \"T1\", \"deleted\": true,"
          + " \"profile\": {\"email\": \"ann@example.com\"}}}";

  private final MockWebServer server = new MockWebServer();
  private Slack slack;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (slack != null) {
      slack.close();
    }
    server.close();
  }

  @Test
  void answersAreReadWithTheirHeadersUnderLowerCaseNames() throws Exception {
    server.enqueue(
        FakeSlack.json(200, USER).newBuilder().addHeader("X-OAuth-Scopes", "users:read").build());
    MethodsClient methods = methods(new ConnectionPool());

    UsersInfoResponse answer = methods.usersInfo(r -> r.user("U1"));
    server.enqueue(FakeSlack.json(200, USER.replace("U1", "U2")));
    UsersInfoResponse again = methods.usersInfo(r -> r.user("U2"));

    assertThat(answer.isOk()).isTrue();
    assertThat(answer.getUser().getId()).isEqualTo("U1");
    assertThat(answer.getUser().isDeleted()).isTrue();
    assertThat(answer.getUser().getProfile().getEmail()).isEqualTo("ann@example.com");
    assertThat(answer.getHttpResponseHeaders())
        .containsEntry("x-oauth-scopes", List.of("users:read"));
    assertThat(again.getUser().getId()).isEqualTo("U2");
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/users.info");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer xoxb-test");
  }

  @Test
  void anAnswerWithOkFalseIsReturnedWithItsError() throws Exception {
    server.enqueue(FakeSlack.json(200, "{\"ok\": false, \"error\": \"user_not_found\"}"));

    UsersInfoResponse answer = methods(new ConnectionPool()).usersInfo(r -> r.user("U9"));

    assertThat(answer.isOk()).isFalse();
    assertThat(answer.getError()).isEqualTo("user_not_found");
  }

  @Test
  void anUnsuccessfulStatusIsThrownWithTheResponse() {
    server.enqueue(
        FakeSlack.json(429, "{\"ok\": false, \"error\": \"ratelimited\"}")
            .newBuilder()
            .addHeader("Retry-After", "3")
            .build());
    MethodsClient methods = methods(new ConnectionPool());

    assertThatThrownBy(() -> methods.usersInfo(r -> r.user("U1")))
        .isInstanceOfSatisfying(
            SlackApiException.class,
            e -> {
              assertThat(e.getResponse().code()).isEqualTo(429);
              assertThat(e.getResponse().header("Retry-After")).isEqualTo("3");
              assertThat(e.getError().getError()).isEqualTo("ratelimited");
            });
  }

  @Test
  void aSecondBurstReusesTheConnectionsOfTheFirst() throws Exception {
    int burst = 12;
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            // Slow enough that every call of a burst is in flight at once.
            return FakeSlack.json(200, USER)
                .newBuilder()
                .headersDelay(150, TimeUnit.MILLISECONDS)
                .build();
          }
        });
    MethodsClient methods = methods(new ConnectionPool(burst, 5, TimeUnit.MINUTES));

    callAtOnce(methods, burst);
    callAtOnce(methods, burst);

    Set<Integer> connections = new HashSet<>();
    for (int i = 0; i < 2 * burst; i++) {
      RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      connections.add(request.getConnectionIndex());
    }
    // OkHttp's default pool keeps 5 idle connections: the second burst would open 7 more.
    assertThat(connections).hasSizeLessThanOrEqualTo(burst);
  }

  private static void callAtOnce(MethodsClient methods, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      List<Future<UsersInfoResponse>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        answers.add(pool.submit(() -> methods.usersInfo(r -> r.user("U1"))));
      }
      for (Future<UsersInfoResponse> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS).isOk()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private MethodsClient methods(ConnectionPool pool) {
    slack = FakeSlack.slack(server, pool);
    return SlackWebApi.methods(slack, FakeSlack.BOT_TOKEN);
  }
}
