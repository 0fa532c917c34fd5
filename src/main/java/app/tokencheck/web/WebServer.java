package app.tokencheck.web;

import app.tokencheck.metrics.CommandMetrics;
import com.slack.api.bolt.App;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The app's HTTP server: Jetty 12 with one handler for Slack and health checks. */
public final class WebServer {
  private final Server server;

  /** Connections the kernel may hold for the acceptor; see the constructor. */
  static final int ACCEPT_QUEUE = 1024;

  private final ServerConnector connector;

  /**
   * @param port 0 picks a free port
   * @param ready answers the health check
   */
  public WebServer(App app, String signingSecret, int port, Clock clock, BooleanSupplier ready) {
    this(app, signingSecret, port, clock, ready, Optional.empty());
  }

  /**
   * @param metrics recorded for every Slack request and served at {@code GET /metrics}
   */
  public WebServer(
      App app,
      String signingSecret,
      int port,
      Clock clock,
      BooleanSupplier ready,
      Optional<CommandMetrics> metrics) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // Jetty builds a 96 KB header-field cache for each connection that carries a second request.
    // Slack's requests repeat few header values (the timestamp and the signature change each
    // time), so it saves little, and a busy minute of kept-alive connections promotes megabytes
    // of these caches into the old generation, where only a full collection frees them.
    http.setHeaderCacheSize(0);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    // Slack opens a new connection for each command, so a burst arrives as a burst of
    // connections. With Jetty's default the JDK's backlog of 50 applies: the kernel drops the
    // SYNs past it, and each dropped client waits a full second before trying again, a third of
    // Slack's 3 s. Linux caps this at net.core.somaxconn.
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    server.addConnector(connector);
    // Graceful stop: refuse new requests, let those in flight finish for up to five seconds.
    StatisticsHandler statistics = new StatisticsHandler();
    statistics.setHandler(new SlackEndpoint(app, signingSecret, clock, ready, metrics));
    server.setHandler(statistics);
    server.setStopTimeout(5_000);
  }

  public void start() throws Exception {
    server.start();
  }

  /** The port actually listened on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The connector Slack's requests arrive on, for tests in this package to look inside. */
  ServerConnector connector() {
    return connector;
  }

  /** Stops accepting requests and waits up to five seconds for those in progress. */
  public void stop() throws Exception {
    server.stop();
  }
}
