package app.tokencheck.endtoend;

import app.tokencheck.TokenCheckApp;
import app.tokencheck.config.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The real app on a free port, wired to fake Slack and ClearFeed servers, with a client that sends
 * requests signed the way Slack signs them.
 */
final class AppUnderTest implements AutoCloseable {
  static final String BOT_TOKEN = "xoxb-test-bot-token-0123456789";
  static final String SIGNING_SECRET = "test-signing-secret-0123456789";

  /**
   * The environment of the app started in its own JVM ({@code AppProcess}) against these fakes;
   * tests add to it.
   */
  static Map<String, String> processEnvironment(
      FakeSlack slack, FakeClearFeed clearFeed, int port, Path data) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("PORT", String.valueOf(port));
    env.put("SLACK_API_URL", slack.apiUrl());
    env.put("CLEARFEED_API_URL", clearFeed.url());
    env.put("DATA_DIR", data.toString());
    return env;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeSlack slack;
  private final TokenCheckApp app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final SlackSignature.Generator signer = new SlackSignature.Generator(SIGNING_SECRET);

  AppUnderTest(FakeSlack slack, FakeClearFeed clearFeed, Path dataDirectory) throws Exception {
    this(slack, settings(slack, clearFeed, dataDirectory));
  }

  AppUnderTest(FakeSlack slack, Settings settings) throws Exception {
    this.slack = slack;
    this.app = TokenCheckApp.start(settings, Clock.systemUTC());
  }

  static Settings settings(FakeSlack slack, FakeClearFeed clearFeed, Path dataDirectory) {
    return Settings.of(
        BOT_TOKEN,
        SIGNING_SECRET,
        URI.create(slack.apiUrl()),
        URI.create(clearFeed.url()),
        Duration.ofSeconds(2),
        Optional.empty(),
        dataDirectory,
        Optional.empty());
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  /** Sends {@code /clearfeed-token-check text} as {@code user}; returns the acknowledgement. */
  HttpResponse<String> command(String user, String text) throws IOException, InterruptedException {
    return command(user, text, slack.newResponseUrl());
  }

  /** Sends the command with its replies going to {@code responseUrl}; returns the ack. */
  HttpResponse<String> command(String user, String text, String responseUrl)
      throws IOException, InterruptedException {
    return post(encode(commandFields(user, text, responseUrl)));
  }

  /** The fields Slack sends with a slash command, over HTTP as a form or in a Socket Mode frame. */
  static Map<String, String> commandFields(String user, String text, String responseUrl) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "legacy-verification-token");
    form.put("team_id", FakeSlack.TEAM);
    form.put("team_domain", "acme");
    form.put("channel_id", "C0001");
    form.put("channel_name", "support");
    form.put("user_id", user);
    form.put("user_name", user.toLowerCase(java.util.Locale.ROOT));
    form.put("command", "/clearfeed-token-check");
    form.put("text", text);
    form.put("response_url", responseUrl);
    form.put("trigger_id", "1337.42.trigger");
    form.put("api_app_id", "A0001");
    return form;
  }

  /** Submits the token form as {@code user}, for a form opened by {@code owner}. */
  HttpResponse<String> submitForm(String user, String owner, String token, String email)
      throws IOException, InterruptedException {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("type", "view_submission").put("api_app_id", "A0001").put("token", "legacy");
    payload.putObject("team").put("id", FakeSlack.TEAM).put("domain", "acme");
    payload.putObject("user").put("id", user).put("username", "u").put("team_id", FakeSlack.TEAM);
    ObjectNode view = payload.putObject("view");
    view.put("id", "V0001").put("type", "modal").put("callback_id", "clearfeed_token_set");
    view.put(
        "private_metadata",
        JSON.createObjectNode()
            .put("userId", owner)
            .put("responseUrl", slack.newResponseUrl())
            .toString());
    ObjectNode values = view.putObject("state").putObject("values");
    values
        .putObject("token")
        .putObject("token")
        .put("type", "plain_text_input")
        .put("value", token);
    ObjectNode email_ =
        values
            .putObject("sign_in_email")
            .putObject("sign_in_email")
            .put("type", "email_text_input");
    if (email != null) {
      email_.put("value", email);
    } else {
      email_.putNull("value");
    }
    return post("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8));
  }

  /** Clicks a button as {@code user}; its answers go to a fresh response URL. */
  HttpResponse<String> click(String user, String actionId, String value)
      throws IOException, InterruptedException {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("type", "block_actions").put("api_app_id", "A0001").put("token", "legacy");
    payload.put("trigger_id", "1337.43.trigger").put("response_url", slack.newResponseUrl());
    payload.putObject("team").put("id", FakeSlack.TEAM).put("domain", "acme");
    payload.putObject("user").put("id", user).put("username", "u").put("team_id", FakeSlack.TEAM);
    payload.putObject("container").put("type", "message").put("is_ephemeral", true);
    payload
        .putArray("actions")
        .addObject()
        .put("type", "button")
        .put("action_id", actionId)
        .put("block_id", "b1")
        .put("value", value)
        .put("action_ts", "1700000000.000200");
    return post("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8));
  }

  /** Stores a token through the form, the way a person does, and drains its confirmation. */
  void storeToken(String user, String token, String email) throws Exception {
    HttpResponse<String> response = submitForm(user, user, token, email);
    if (response.statusCode() != 200 || !response.body().contains("\"update\"")) {
      throw new AssertionError("Storing a token failed: " + response.statusCode());
    }
    slack.nextReply();
  }

  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    return postSigned(body, timestamp, signer.generate(timestamp, body));
  }

  HttpResponse<String> postSigned(String body, String timestamp, String signature)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Polls {@code GET /health} every {@code interval} until it answers {@code wanted} or {@code
   * patience} runs out, and returns the last status read.
   */
  int healthOnce(int wanted, Duration interval, Duration patience)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    int status = get("/health").statusCode();
    while (status != wanted && System.nanoTime() < deadline) {
      Thread.sleep(interval.toMillis());
      status = get("/health").statusCode();
    }
    return status;
  }

  String sign(String timestamp, String body) {
    return signer.generate(timestamp, body);
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @Override
  public void close() {
    app.close();
  }
}
