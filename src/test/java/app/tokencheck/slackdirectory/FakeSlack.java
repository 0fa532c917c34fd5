package app.tokencheck.slackdirectory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;

/**
 * Slack's Web API played by a {@link MockWebServer}: each method answers from its own queue, in
 * order, so a test scripts "429, then ok" for one method without caring about the others.
 */
final class FakeSlack extends Dispatcher {
  static final String BOT_TOKEN = "xoxb-test";

  private final Map<String, Queue<MockResponse>> answers = new ConcurrentHashMap<>();

  /** Queues {@code response} as the next answer to {@code method}, such as {@code auth.test}. */
  void answer(String method, MockResponse response) {
    answers.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>()).add(response);
  }

  /** Queues an HTTP 200 carrying {@code body}. */
  void answer(String method, ObjectNode body) {
    answer(method, json(200, body.toString()));
  }

  /** Queues {@code {"ok": false, "error": error}}, as Slack sends it: with HTTP 200. */
  void answerError(String method, String error) {
    answer(method, json(200, "{\"ok\": false, \"error\": \"" + error + "\"}"));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = path.startsWith("/api/") ? path.substring("/api/".length()) : path;
    Queue<MockResponse> queue = answers.get(method);
    MockResponse next = queue == null ? null : queue.poll();
    if (next == null) {
      return json(404, "{\"ok\": false, \"error\": \"unknown_method\"}");
    }
    return next;
  }

  /** Slack's SDK pointed at the fake; close it after the test. */
  static Slack slack(MockWebServer server) {
    return slack(server, new ConnectionPool());
  }

  /**
   * The app's Slack client, pointed at {@code server} and keeping its connections in {@code pool}.
   */
  static Slack slack(MockWebServer server, ConnectionPool pool) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setStatsEnabled(false);
    return SlackWebApi.slack(config, pool);
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }
}
