package app.tokencheck.bench;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * ClearFeed's REST API for the benchmark: every registered token is accepted, and each Slack user
 * has a ClearFeed record with the same email as in Slack (the common, healthy case).
 */
final class BenchClearFeed implements AutoCloseable {
  private final LatencyServer server;
  private final Map<String, String> tokenOwners = new ConcurrentHashMap<>();
  private final Map<String, String> emails = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  BenchClearFeed(Duration latency) throws IOException {
    server = new LatencyServer("fake-clearfeed", latency, this::answer);
  }

  String url() {
    return server.url();
  }

  void addUser(String slackUserId, String email, String token) {
    tokenOwners.put(token, slackUserId);
    emails.put(slackUserId, email);
  }

  /** Calls so far, by path. */
  Map<String, Long> calls() {
    return BenchSlack.snapshot(calls);
  }

  LatencyServer.Load load() {
    return server.load();
  }

  LatencyServer server() {
    return server;
  }

  private LatencyServer.Answer answer(LatencyServer.Call call, long arrival) {
    calls.computeIfAbsent(call.path(), k -> new LongAdder()).increment();
    String auth = call.authorization();
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
    if (!tokenOwners.containsKey(token)) {
      return LatencyServer.Answer.json(
          401, "{\"message\":\"Invalid token\",\"error\":\"UNAUTHORIZED\"}");
    }
    return switch (call.path()) {
      case "/v1/rest/requests" ->
          LatencyServer.Answer.json(
              200, "{\"requests\":[],\"response_metadata\":{\"next_cursor\":\"\"}}");
      case "/v1/rest/users" -> {
        String id = query(call.query(), "ids");
        String email = emails.get(id);
        yield LatencyServer.Answer.json(
            200,
            "{\"users\":["
                + (email == null
                    ? ""
                    : "{\"id\":\""
                        + id
                        + "\",\"name\":\"Bench "
                        + id
                        + "\",\"email\":\""
                        + email
                        + "\",\"deleted\":false,\"is_bot\":false}")
                + "],\"response_metadata\":{\"next_cursor\":\"\"}}");
      }
      default -> LatencyServer.Answer.json(404, "{\"error\":\"NOT_FOUND\"}");
    };
  }

  private static String query(String query, String name) {
    if (query == null) {
      return "";
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  @Override
  public void close() {
    server.close();
  }
}
