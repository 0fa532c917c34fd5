package app.tokencheck.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Shows that a fake is not the bottleneck: {@code concurrency} clients at once, each sending a few
 * requests, must each be answered in about the fake's configured latency.
 */
final class FakeCheck {
  private FakeCheck() {}

  static String run(LatencyServer server, String path, int concurrency, int perClient)
      throws InterruptedException {
    int port = URI.create(server.url()).getPort();
    List<long[]> all = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int c = 0; c < concurrency; c++) {
      Thread thread =
          new Thread(
              () -> {
                long[] mine = new long[perClient];
                int n = 0;
                try (HttpConnection connection = new HttpConnection(port, 10_000)) {
                  ready.countDown();
                  go.await();
                  for (int i = 0; i < perClient; i++) {
                    long start = System.nanoTime();
                    connection.get(path);
                    mine[n++] = System.nanoTime() - start;
                  }
                } catch (IOException e) {
                  errors.add(e.toString());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  all.add(java.util.Arrays.copyOf(mine, n));
                  done.countDown();
                }
              },
              "fake-check-" + c);
      thread.setDaemon(true);
      thread.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] latencies = Stats.concat(all);
    return String.format(
        Locale.ROOT,
        "%s (latency %d ms) at concurrency %d: %d requests, %.0f/s, p50 %s ms, p99 %s ms, max %s"
            + " ms, errors %d",
        server.load().name(),
        server.latency().toMillis(),
        concurrency,
        latencies.length,
        latencies.length / seconds,
        Stats.ms(Stats.percentileMs(latencies, 50)),
        Stats.ms(Stats.percentileMs(latencies, 99)),
        Stats.ms(Stats.maxMs(latencies)),
        errors.size());
  }
}
