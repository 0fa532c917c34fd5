package app.tokencheck.endtoend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A Slack Web API and {@code response_url} endpoint on loopback, answering from scripted state and
 * recording every call.
 */
final class FakeSlack implements AutoCloseable {
  static final String TEAM = "T0001";
  static final String ALL_SCOPES = "commands,users:read,users:read.email";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final Map<String, ObjectNode> users = new ConcurrentHashMap<>();
  private final Map<String, String> emailOwners = new ConcurrentHashMap<>();
  private final Map<String, List<String>> userGroups = new ConcurrentHashMap<>();
  private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<String> everyReply = new CopyOnWriteArrayList<>();
  private final AtomicInteger responseUrls = new AtomicInteger();
  private volatile String scopes = ALL_SCOPES;

  /** One Web API call: the method and its form parameters. */
  record Call(String method, Map<String, String> form, String authorization) {}

  FakeSlack() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start();
  }

  String apiUrl() {
    return server.url("/api/").toString();
  }

  String newResponseUrl() {
    return server.url("/respond/" + responseUrls.incrementAndGet()).toString();
  }

  /** Adds a full member of the workspace with a confirmed email; {@code edit} changes fields. */
  void addMember(String id, String email, Consumer<ObjectNode> edit) {
    ObjectNode user = JSON.createObjectNode();
    user.put("id", id)
        .put("team_id", TEAM)
        .put("name", id.toLowerCase(Locale.ROOT))
        .put("real_name", "Member " + id)
        .put("deleted", false)
        .put("is_bot", false)
        .put("is_restricted", false)
        .put("is_ultra_restricted", false)
        .put("is_stranger", false)
        .put("is_email_confirmed", true);
    ObjectNode profile = user.putObject("profile");
    if (email != null) {
      profile.put("email", email);
      emailOwners.put(email.toLowerCase(Locale.ROOT), id);
    }
    edit.accept(user);
    users.put(id, user);
  }

  /** A user group ({@code S…}) that {@code usergroups.users.list} answers with these members. */
  void addUserGroup(String id, String... members) {
    userGroups.put(id, List.of(members));
  }

  void grantScopes(String scopes) {
    this.scopes = scopes;
  }

  /**
   * The next call of {@code method} gets {@code response} instead of the scripted state; the method
   * {@code "response_url"} scripts the next post to a response URL.
   */
  void enqueue(String method, MockResponse response) {
    scripted.computeIfAbsent(method, m -> new ArrayDeque<>()).add(response);
  }

  static MockResponse error(String code) {
    return json("{\"ok\":false,\"error\":\"" + code + "\"}");
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Every Web API call so far. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Everything ever posted to a response URL, drained or not. */
  List<String> everyReply() {
    return List.copyOf(everyReply);
  }

  /** The next JSON posted to any response URL, or fails after ten seconds. */
  String nextReply() throws InterruptedException {
    String reply = replies.poll(10, TimeUnit.SECONDS);
    if (reply == null) {
      throw new AssertionError("Nothing was posted to a response_url within 10 s");
    }
    return reply;
  }

  /** Whatever was posted to response URLs in the last {@code millis}, without waiting longer. */
  String replyWithin(long millis) throws InterruptedException {
    return replies.poll(millis, TimeUnit.MILLISECONDS);
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.startsWith("/respond/")) {
      String reply = request.getBody() == null ? "" : request.getBody().utf8();
      everyReply.add(reply);
      Deque<MockResponse> scriptedReply = scripted.get("response_url");
      synchronized (this) {
        if (scriptedReply != null && !scriptedReply.isEmpty()) {
          return scriptedReply.poll();
        }
      }
      replies.add(reply);
      return new MockResponse.Builder().code(200).body("ok").build();
    }
    String method = path.substring("/api/".length());
    Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
    calls.add(new Call(method, form, request.getHeaders().get("Authorization")));
    Deque<MockResponse> queue = scripted.get(method);
    synchronized (this) {
      if (queue != null && !queue.isEmpty()) {
        return queue.poll();
      }
    }
    return switch (method) {
      case "auth.test" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .addHeader("x-oauth-scopes", scopes)
              .body(
                  "{\"ok\":true,\"team_id\":\""
                      + TEAM
                      + "\",\"user_id\":\"UBOT\",\"bot_id\":\"B0001\",\"team\":\"Acme\"}")
              .build();
      case "users.info" -> usersInfo(form.get("user"));
      case "users.lookupByEmail" -> lookup(form.get("email"));
      case "usergroups.users.list" -> userGroupMembers(form.get("usergroup"));
      case "views.open" -> json("{\"ok\":true,\"view\":{\"id\":\"V0001\"}}");
      case "chat.postMessage" ->
          json("{\"ok\":true,\"channel\":\"D0001\",\"ts\":\"1700000000.000100\"}");
      default -> error("unknown_method");
    };
  }

  private MockResponse usersInfo(String id) {
    ObjectNode user = users.get(id);
    if (user == null) {
      return error("user_not_found");
    }
    ObjectNode body = JSON.createObjectNode().put("ok", true);
    ObjectNode copy = user.deepCopy();
    if (!scopes.contains("users:read.email")) {
      ((ObjectNode) copy.get("profile")).remove("email");
    }
    body.set("user", copy);
    return json(body.toString());
  }

  private MockResponse userGroupMembers(String id) {
    List<String> members = id == null ? null : userGroups.get(id);
    if (members == null) {
      return error("no_such_subteam");
    }
    ObjectNode body = JSON.createObjectNode().put("ok", true);
    members.forEach(body.putArray("users")::add);
    return json(body.toString());
  }

  private MockResponse lookup(String email) {
    if (!scopes.contains("users:read.email")) {
      return json("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"users:read.email\"}");
    }
    String owner = email == null ? null : emailOwners.get(email.toLowerCase(Locale.ROOT));
    if (owner == null || users.get(owner).path("deleted").asBoolean()) {
      return error("users_not_found");
    }
    return json("{\"ok\":true,\"user\":{\"id\":\"" + owner + "\"}}");
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
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

  @Override
  public void close() {
    server.close();
  }
}
