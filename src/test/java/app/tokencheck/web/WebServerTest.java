package app.tokencheck.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class WebServerTest {
  private WebServer server;

  @BeforeEach
  void start() throws Exception {
    App app =
        new App(
            AppConfig.builder()
                .slack(Slack.getInstance(new SlackConfig()))
                .signingSecret("web-server-test-secret")
                .singleTeamBotToken(null)
                .requestVerificationEnabled(false)
                .build());
    server = new WebServer(app, "web-server-test-secret", 0, Clock.systemUTC(), () -> true);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void aBodyThatTricklesInIsCutOffAtSlacksDeadline() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type:"
                  + " application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nab")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();

      // Nothing more is sent: the server must give up on the body, not wait for the idle timeout.
      int read = drain(socket.getInputStream());

      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      assertThat(read).isEqualTo(-1);
      assertThat(waited)
          .isGreaterThanOrEqualTo(SlackEndpoint.BODY_DEADLINE.minusMillis(200))
          .isLessThan(SlackEndpoint.BODY_DEADLINE.plusSeconds(3));
    }
  }

  /** Reads until the server closes the connection; returns the last read's result. */
  private static int drain(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    int read;
    try {
      while ((read = in.read(buffer)) > 0) {
        // a 4xx/5xx status line may come before the close; only the close matters here
      }
    } catch (SocketException e) {
      return -1; // reset by the server counts as closed
    }
    return read;
  }

  @Test
  void aKeptAliveConnectionCarriesNoHeaderFieldCache() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
            .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
            .header("Accept-Encoding", "gzip,deflate")
            .build();

    // Jetty builds the cache while it parses the second request on a connection.
    for (int i = 0; i < 3; i++) {
      assertThat(client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }

    List<EndPoint> connections = List.copyOf(server.connector().getConnectedEndPoints());
    assertThat(connections).hasSize(1);
    assertThat(connections.get(0).getConnection()).isInstanceOf(HttpConnection.class);
    HttpConnection connection = (HttpConnection) connections.get(0).getConnection();
    // With a cache, the repeated User-Agent and Accept-Encoding fields would be in it.
    assertThat(connection.getParser().getFieldCache().isEmpty()).isTrue();
  }
}
