package app.tokencheck.endtoend;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * ClearFeed's REST API on loopback. Each token is either known (200), unknown (401) or given a
 * scripted answer; {@code /v1/rest/users} answers from the records it was given.
 */
final class FakeClearFeed implements AutoCloseable {
  static final String FORBIDDEN_BODY =
      "{\"message\": \"The authenticated user does not have a corresponding profile in the Slack"
          + " workspace.\", \"error\": \"FORBIDDEN\"}";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Supplier<MockResponse>> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> records = new ConcurrentHashMap<>();
  private final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

  FakeClearFeed() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start();
  }

  String url() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  void accept(String token) {
    tokens.put(token, () -> json(200, "{\"requests\":[],\"response_metadata\":{}}"));
  }

  void answer(String token, int status, String body) {
    tokens.put(token, () -> json(status, body));
  }

  void answer(String token, Supplier<MockResponse> response) {
    tokens.put(token, response);
  }

  /** ClearFeed's record of a Slack user, as one element of {@code users}. */
  void record(String slackUserId, String email, boolean deleted) {
    records.put(
        slackUserId,
        "{\"id\":\""
            + slackUserId
            + "\",\"name\":\"Member\",\"email\":\""
            + email
            + "\",\"deleted\":"
            + deleted
            + ",\"is_bot\":false}");
  }

  int requestCount() {
    return server.getRequestCount();
  }

  /** Each request as "Authorization header | request target", in arrival order. */
  java.util.List<String> requests() {
    return java.util.List.copyOf(seen);
  }

  private MockResponse answer(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    seen.add(authorization + " | " + request.getTarget());
    String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
    Supplier<MockResponse> known = tokens.get(token);
    if (known == null) {
      return json(401, "");
    }
    String path = request.getUrl().encodedPath();
    if (path.equals("/v1/rest/users")) {
      MockResponse probe = known.get();
      if (probe.getCode() != 200) {
        return probe;
      }
      String id = request.getUrl().queryParameter("ids");
      String record = records.get(id);
      return json(
          200,
          "{\"users\":["
              + (record == null ? "" : record)
              + "],\"response_metadata\":{\"next_cursor\":\"\"}}");
    }
    if (path.equals("/v1/rest/requests")) {
      return known.get();
    }
    return json(404, "{}");
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
