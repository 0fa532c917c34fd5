package app.tokencheck.bench;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack for the benchmark: the Web API methods the app calls, and the {@code response_url} endpoint
 * where diagnoses arrive. Counts every call by method and every reply by kind; a sender that wants
 * the arrival time of one reply registers for it before sending the command.
 */
final class BenchSlack implements AutoCloseable {
  static final String TEAM = "T0BENCH";
  static final String SCOPES = "commands,users:read,users:read.email";
  private static final Pattern CAUSE = Pattern.compile("\"text\":\"([A-Z_]{2,}):");

  /** A reply posted to a response URL: when it reached the fake, and what it said. */
  record Reply(long arrivalNanos, String kind) {}

  private final LatencyServer server;
  private final Map<String, String> usersInfo = new ConcurrentHashMap<>();
  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> replyKinds = new ConcurrentHashMap<>();
  private final LongAdder replies = new LongAdder();
  private final Map<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

  BenchSlack(Duration latency) throws IOException {
    server = new LatencyServer("fake-slack", latency, this::answer);
  }

  String apiUrl() {
    return server.url() + "/api/";
  }

  String responseUrl(long commandId) {
    return server.url() + "/respond/" + commandId;
  }

  /** A full, active member with a confirmed email. */
  void addMember(String id, String email) {
    usersInfo.put(
        id,
        "{\"ok\":true,\"user\":{\"id\":\""
            + id
            + "\",\"team_id\":\""
            + TEAM
            + "\",\"name\":\""
            + id.toLowerCase(java.util.Locale.ROOT)
            + "\",\"real_name\":\"Bench "
            + id
            + "\",\"deleted\":false,\"is_bot\":false,\"is_app_user\":false,"
            + "\"is_restricted\":false,\"is_ultra_restricted\":false,\"is_stranger\":false,"
            + "\"is_email_confirmed\":true,\"updated\":1700000000,\"tz\":\"Europe/Berlin\","
            + "\"profile\":{\"email\":\""
            + email
            + "\",\"real_name\":\"Bench "
            + id
            + "\",\"display_name\":\""
            + id
            + "\"}}}");
    owners.put(email, id);
  }

  /** The reply to the command with this ID completes the future. */
  CompletableFuture<Reply> expect(long commandId) {
    CompletableFuture<Reply> future = new CompletableFuture<>();
    waiting.put(commandId, future);
    return future;
  }

  void forget(long commandId) {
    waiting.remove(commandId);
  }

  long replies() {
    return replies.sum();
  }

  /** Web API calls so far, by method. */
  Map<String, Long> calls() {
    return snapshot(calls);
  }

  /**
   * Replies so far, by cause code ({@code OK}, …) or {@code SAVED}, {@code BUSY}, {@code OTHER}.
   */
  Map<String, Long> replyKinds() {
    return snapshot(replyKinds);
  }

  LatencyServer.Load load() {
    return server.load();
  }

  LatencyServer server() {
    return server;
  }

  private LatencyServer.Answer answer(LatencyServer.Call call, long arrival) {
    String path = call.path();
    if (path.startsWith("/respond/")) {
      String kind = kind(call.body());
      replies.increment();
      replyKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
      CompletableFuture<Reply> future = waiting.remove(id(path));
      if (future != null) {
        future.complete(new Reply(arrival, kind));
      }
      return LatencyServer.Answer.json(200, "ok");
    }
    String method = path.startsWith("/api/") ? path.substring(5) : path;
    calls.computeIfAbsent(method, k -> new LongAdder()).increment();
    return switch (method) {
      case "auth.test" ->
          new LatencyServer.Answer(
              200,
              "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"Bench\",\"user\":"
                  + "\"bench-bot\",\"team_id\":\""
                  + TEAM
                  + "\",\"user_id\":\"UBOT\",\"bot_id\":\"B0BENCH\",\"is_enterprise_install\":"
                  + "false}",
              Map.of("x-oauth-scopes", SCOPES));
      case "users.info" -> {
        String user = usersInfo.get(form(call.body()).getOrDefault("user", ""));
        yield LatencyServer.Answer.json(
            200, user != null ? user : "{\"ok\":false,\"error\":\"user_not_found\"}");
      }
      case "users.lookupByEmail" -> {
        String owner = owners.get(form(call.body()).getOrDefault("email", ""));
        yield LatencyServer.Answer.json(
            200,
            owner != null
                ? "{\"ok\":true,\"user\":{\"id\":\"" + owner + "\",\"team_id\":\"" + TEAM + "\"}}"
                : "{\"ok\":false,\"error\":\"users_not_found\"}");
      }
      case "views.open" -> LatencyServer.Answer.json(200, "{\"ok\":true,\"view\":{\"id\":\"V1\"}}");
      default -> LatencyServer.Answer.json(200, "{\"ok\":false,\"error\":\"unknown_method\"}");
    };
  }

  static String kind(String body) {
    Matcher cause = CAUSE.matcher(body);
    if (cause.find()) {
      return cause.group(1);
    }
    if (body.contains("Saved your ClearFeed token")) {
      return "SAVED";
    }
    if (body.contains("handling many checks")) {
      return "BUSY";
    }
    return "OTHER";
  }

  private static long id(String path) {
    try {
      return Long.parseLong(path.substring("/respond/".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new TreeMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  @Override
  public void close() {
    server.close();
  }
}
