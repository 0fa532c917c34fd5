package app.tokencheck.web;

import app.tokencheck.metrics.CommandMetrics;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /slack/events} through Bolt and {@code GET /health}, on Jetty 12.
 *
 * <p>The adapter only moves bytes and headers; Bolt parses the payload and runs the listeners.
 */
final class SlackEndpoint extends Handler.Abstract {
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** How long a request body may take to arrive: Slack's own wait for an acknowledgement. */
  static final Duration BODY_DEADLINE = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);

  private final App app;
  private final SlackRequestParser parser;
  private final RequestSignature signature;
  private final BooleanSupplier ready;
  private final Optional<CommandMetrics> metrics;

  SlackEndpoint(
      App app,
      String signingSecret,
      Clock clock,
      BooleanSupplier ready,
      Optional<CommandMetrics> metrics) {
    this.app = app;
    this.parser = new SlackRequestParser(app.config());
    this.signature = new RequestSignature(signingSecret, clock);
    this.ready = ready;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    try {
      if ("/health".equals(path) && "GET".equals(method)) {
        boolean up = ready.getAsBoolean();
        write(
            response,
            callback,
            up ? 200 : 503,
            "application/json",
            up ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
      } else if ("/slack/events".equals(path) && "POST".equals(method)) {
        long start = System.nanoTime();
        slack(request, response, callback);
        metrics.ifPresent(m -> m.acknowledged(Duration.ofNanos(System.nanoTime() - start)));
      } else if ("/metrics".equals(path) && "GET".equals(method) && metrics.isPresent()) {
        write(
            response,
            callback,
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics.get().scrape());
      } else {
        write(response, callback, 404, "text/plain", "Not found");
      }
    } catch (Exception e) {
      log.error("Request to {} failed", path, e);
      write(response, callback, 500, "text/plain", "Internal error");
    }
    return true;
  }

  private void slack(Request request, Response response, Callback callback) throws Exception {
    if (request.getLength() > MAX_BODY_BYTES) {
      write(response, callback, 413, "text/plain", "Request body too large");
      return;
    }
    byte[] bytes;
    // Slack sends a body at once and waits 3 s for the answer. A sender that trickles its body
    // would hold one of the server's threads as long as it liked; after the deadline nobody can
    // use the answer, so the connection is closed instead.
    Scheduler.Task deadline =
        request
            .getComponents()
            .getScheduler()
            .schedule(
                () -> request.getConnectionMetaData().getConnection().getEndPoint().close(),
                BODY_DEADLINE.toMillis(),
                TimeUnit.MILLISECONDS);
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      log.warn(
          "A request body did not arrive within {} s; its connection was closed",
          BODY_DEADLINE.toSeconds());
      callback.failed(e);
      return;
    } finally {
      deadline.cancel();
    }
    if (bytes.length > MAX_BODY_BYTES) {
      write(response, callback, 413, "text/plain", "Request body too large");
      return;
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    Map<String, List<String>> headers = headers(request);
    if (!signature.verify(
        first(headers, "x-slack-request-timestamp"), first(headers, "x-slack-signature"), body)) {
      write(response, callback, 401, "text/plain", "Invalid signature");
      return;
    }
    SlackRequestParser.HttpRequest httpRequest =
        SlackRequestParser.HttpRequest.builder()
            .requestUri(request.getHttpURI().getPath())
            .queryString(Map.of())
            .headers(new RequestHeaders(headers))
            .requestBody(body)
            .remoteAddress(Request.getRemoteAddr(request))
            .build();
    com.slack.api.bolt.request.Request<?> boltRequest;
    try {
      boltRequest = parser.parse(httpRequest);
    } catch (RuntimeException e) {
      // Signed garbage: malformed form encoding or JSON. Nothing to run, nobody to call.
      log.warn("Could not parse a signed Slack request ({})", e.getClass().getSimpleName());
      write(response, callback, 400, "text/plain", "Bad request");
      return;
    }
    com.slack.api.bolt.response.Response boltResponse =
        boltRequest == null
            ? com.slack.api.bolt.response.Response.builder().statusCode(400).body("").build()
            : app.run(boltRequest);
    respond(response, callback, boltResponse);
  }

  private static void respond(
      Response response, Callback callback, com.slack.api.bolt.response.Response bolt) {
    if (bolt.getHeaders() != null) {
      bolt.getHeaders()
          .forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
    }
    String contentType = bolt.getContentType() == null ? "text/plain" : bolt.getContentType();
    write(
        response,
        callback,
        bolt.getStatusCode(),
        contentType,
        bolt.getBody() == null ? "" : bolt.getBody());
  }

  private static Map<String, List<String>> headers(Request request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
    }
    return headers;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void write(
      Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    Content.Sink.write(response, true, body, callback);
  }
}
