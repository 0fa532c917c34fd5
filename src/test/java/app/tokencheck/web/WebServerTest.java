package app.tokencheck.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
