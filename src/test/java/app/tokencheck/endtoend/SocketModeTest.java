package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code SLACK_APP_TOKEN} the app opens a Socket Mode connection: it asks {@code
 * apps.connections.open} for a WebSocket URL with the app-level token, then receives commands as
 * envelopes and acknowledges each over the same socket.
 */
final class SocketModeTest {
  private static final String APP_TOKEN = "xapp-1-test";
  private static final String ADA = "U0ADA";
  private static final Duration WAIT = Duration.ofSeconds(10);
  // The socket's state reaches the health check on the SDK's thread, a moment after a frame.
  private static final Duration POLL = Duration.ofMillis(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private MockWebServer socketServer;
  private final CompletableFuture<WebSocket> socket = new CompletableFuture<>();
  private final BlockingQueue<String> framesFromApp = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closedByApp = new CompletableFuture<>();
  private AppUnderTest app;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
    socketServer = new MockWebServer();
    socketServer.enqueue(new MockResponse.Builder().webSocketUpgrade(new SlackSide()).build());
    socketServer.start();
    // Bolt asks twice at start-up: once to build its client and once more to connect it.
    for (int call = 0; call < 2; call++) {
      slack.enqueue(
          "apps.connections.open",
          FakeSlack.json(
              "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + socketServer.getPort() + "/link\"}"));
    }
    app =
        new AppUnderTest(
            slack, AppUnderTest.settings(slack, clearFeed, data).withSlackAppToken(APP_TOKEN));
  }

  @AfterEach
  void stop() {
    app.close();
    WebSocket slackSide = socket.getNow(null);
    if (slackSide != null) {
      slackSide.close(1001, null);
    }
    socketServer.close();
    slack.close();
    clearFeed.close();
  }

  @Test
  void connectionIsOpenedWithTheAppLevelToken() throws Exception {
    connected();

    List<FakeSlack.Call> opens = slack.calls("apps.connections.open");

    assertThat(opens)
        .isNotEmpty()
        .allSatisfy(open -> assertThat(open.authorization()).isEqualTo("Bearer " + APP_TOKEN));
    assertThat(socketServer.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/link");
  }

  @Test
  void helpCommandIsAnsweredInTheEnvelopeAcknowledgement() throws Exception {
    WebSocket slackSide = connected();

    slackSide.send(commandEnvelope("e1", "help", slack.newResponseUrl()));
    JsonNode ack = frameFor("e1");

    assertThat(ack.path("envelope_id").asText()).isEqualTo("e1");
    assertThat(ack.path("payload").path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(ack.path("payload").path("text").asText())
        .contains("/clearfeed-token-check")
        .contains("forget");
  }

  @Test
  void checkIsAcknowledgedOverTheSocketAndDiagnosedAtTheResponseUrl() throws Exception {
    WebSocket slackSide = connected();

    slackSide.send(commandEnvelope("e2", "", slack.newResponseUrl()));
    JsonNode ack = frameFor("e2");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(ack.path("payload").path("text").asText()).contains("Checking your ClearFeed token");
    assertThat(reply.verdict()).contains("*NO_TOKEN*");
    assertThat(reply.responseType()).isEqualTo("ephemeral");
  }

  @Test
  void acknowledgementsOverTheSocketAreTimedInTheMetrics() throws Exception {
    WebSocket slackSide = connected();

    slackSide.send(commandEnvelope("e3", "help", slack.newResponseUrl()));
    frameFor("e3");
    slackSide.send(commandEnvelope("e4", "help", slack.newResponseUrl()));
    frameFor("e4");

    assertThat(app.get("/metrics").body())
        .contains("tokencheck_ack_seconds_count 2")
        .contains("tokencheck_commands_total{action=\"help\",outcome=\"USAGE\"} 2.0");
  }

  @Test
  void httpEndpointsStayUpForHealthAndMetrics() throws Exception {
    connected();

    int health = app.healthOnce(200, POLL, WAIT);
    int metrics = app.get("/metrics").statusCode();

    assertThat(health).isEqualTo(200);
    assertThat(metrics).isEqualTo(200);
  }

  @Test
  void healthIsUnavailableUntilSlackGreetsTheSocket() throws Exception {
    WebSocket slackSide = opened();
    HttpResponse<String> beforeHello = app.get("/health");

    greet(slackSide);

    assertThat(beforeHello.statusCode()).isEqualTo(503);
    assertThat(beforeHello.body()).isEqualTo("{\"status\":\"unavailable\"}");
    assertThat(app.healthOnce(200, POLL, WAIT)).isEqualTo(200);
  }

  @Test
  void healthIsUnavailableOnceSlackClosesTheSocket() throws Exception {
    WebSocket slackSide = connected();
    int whileOpen = app.healthOnce(200, POLL, WAIT);

    // No second socket is offered, so the SDK's reconnection attempts keep failing.
    slackSide.close(1001, "going away");

    assertThat(whileOpen).isEqualTo(200);
    assertThat(app.healthOnce(503, POLL, WAIT)).isEqualTo(503);
  }

  @Test
  void stoppingTheAppClosesTheSocket() throws Exception {
    WebSocket slackSide = connected();
    // An answered envelope shows the app's side of the socket is open, not still handshaking.
    slackSide.send(commandEnvelope("e5", "help", slack.newResponseUrl()));
    frameFor("e5");

    app.close();

    assertThat(closedByApp.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
  }

  /** Slack's side of the socket, once the app has connected and been greeted. */
  private WebSocket connected() throws Exception {
    WebSocket slackSide = opened();
    greet(slackSide);
    return slackSide;
  }

  /** Slack's side of the socket, once the app has connected but before Slack says hello. */
  private WebSocket opened() throws Exception {
    return socket.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Greets the app the way Slack does when a connection opens. */
  private static void greet(WebSocket slackSide) {
    slackSide.send(
        "{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
            + "\"connection_info\":{\"app_id\":\"A0001\"}}");
  }

  /** The next frame from the app that answers {@code envelopeId}, skipping any others. */
  private JsonNode frameFor(String envelopeId) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String frame = framesFromApp.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null) {
        JsonNode json = JSON.readTree(frame);
        if (envelopeId.equals(json.path("envelope_id").asText())) {
          return json;
        }
      }
    }
    throw new AssertionError("The app did not acknowledge envelope " + envelopeId);
  }

  /** A slash command as Slack sends it over Socket Mode, with the same fields as over HTTP. */
  private static String commandEnvelope(String envelopeId, String text, String responseUrl) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("envelope_id", envelopeId);
    envelope.put("type", "slash_commands");
    envelope.put("accepts_response_payload", true);
    ObjectNode payload = envelope.putObject("payload");
    AppUnderTest.commandFields(ADA, text, responseUrl).forEach(payload::put);
    return envelope.toString();
  }

  /**
   * Slack's side: hands the socket to the test, which greets the app, and records what it sends.
   */
  private final class SlackSide extends WebSocketListener {
    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket.complete(webSocket);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      framesFromApp.add(text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      closedByApp.complete(code);
      webSocket.close(1000, null);
    }
  }
}
