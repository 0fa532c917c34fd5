package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a call returned and how long it took, run on another thread so that a call that would wait
 * forever on a lock fails the test after ten seconds instead of hanging the build (released when
 * the lock is closed, it then ends on its own).
 */
public record OffThread<T>(T value, Duration took) {
  public static <T> OffThread<T> run(Callable<T> call) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      long start = System.nanoTime();
      Future<T> result = thread.submit(call);
      try {
        T value = result.get(10, TimeUnit.SECONDS);
        return new OffThread<>(value, Duration.ofNanos(System.nanoTime() - start));
      } catch (TimeoutException e) {
        return fail("No answer after 10 s");
      }
    } finally {
      thread.shutdownNow();
    }
  }
}
