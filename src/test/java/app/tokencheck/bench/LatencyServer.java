package app.tokencheck.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP server that answers every request after a fixed latency, measured from the moment
 * the request reached its handler.
 *
 * <p>Built on the JDK's server with a large thread pool: a sleeping thread per request in flight is
 * cheap at the few dozen requests the app has in flight, and the server records how close it came
 * to its pool size and how much it added on top of the latency, so a report can show that the fake
 * was not the bottleneck.
 */
final class LatencyServer implements AutoCloseable {
  static final int THREADS = 256;
  private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** What a request gets back. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  /** One request as the handler sees it. */
  record Call(String method, String path, String query, String authorization, String body) {}

  /** Computes the answer; runs before the latency is waited out. */
  @FunctionalInterface
  interface Handler {
    Answer handle(Call call, long arrivalNanos);
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final String name;
  private final Handler handler;
  private volatile long latencyNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private final AtomicLong maxOverheadNanos = new AtomicLong();
  private final LongAdder overheadNanos = new LongAdder();
  private final LongAdder late = new LongAdder();

  LatencyServer(String name, Duration latency, Handler handler) throws IOException {
    this.name = name;
    this.handler = handler;
    this.latencyNanos = latency.toNanos();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.prestartAllCoreThreads();
    this.threads = pool;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void latency(Duration latency) {
    this.latencyNanos = latency.toNanos();
  }

  Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  private void serve(HttpExchange exchange) throws IOException {
    long arrival = System.nanoTime();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Call call =
          new Call(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body);
      Answer answer = handler.handle(call, arrival);
      long wake = arrival + latencyNanos;
      long wait = wake - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      long overhead = Math.max(0, System.nanoTime() - wake);
      overheadNanos.add(overhead);
      if (overhead > LATE_NANOS) {
        late.increment();
      }
      maxOverheadNanos.accumulateAndGet(overhead, Math::max);
      requests.increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
      inFlight.decrementAndGet();
    }
  }

  /** How hard the fake worked, for the report. */
  record Load(
      String name, long requests, int maxInFlight, double meanOverheadMs, double maxMs, long late) {
    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%s: %d requests, at most %d in flight (pool %d); time spent past the latency: mean"
              + " %.2f ms, max %.1f ms, %d answers more than 5 ms late",
          name,
          requests,
          maxInFlight,
          THREADS,
          meanOverheadMs,
          maxMs,
          late);
    }
  }

  Load load() {
    long n = requests.sum();
    return new Load(
        name,
        n,
        maxInFlight.get(),
        n == 0 ? 0 : overheadNanos.sum() / 1e6 / n,
        maxOverheadNanos.get() / 1e6,
        late.sum());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
