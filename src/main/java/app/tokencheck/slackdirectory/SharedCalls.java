package app.tokencheck.slackdirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lets callers who ask Slack the same question at the same time share one call.
 *
 * <p>Only calls already in flight are shared; nothing is kept once the answer is in, so an answer
 * is never older than the call that produced it. Several people re-running the command for the same
 * person during an incident then cost Slack's rate limit one call instead of one each.
 */
final class SharedCalls<V> {
  private final ConcurrentHashMap<String, CompletableFuture<V>> running = new ConcurrentHashMap<>();
  private final Clock clock;

  SharedCalls(Clock clock) {
    this.clock = clock;
  }

  /**
   * The answer of {@code call}, or of the same call another thread already has in flight.
   *
   * @param late the answer when the shared call has not finished by {@code deadline}
   */
  V run(String key, Supplier<V> call, Instant deadline, Supplier<V> late) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> other = running.putIfAbsent(key, mine);
    if (other != null) {
      return await(other, deadline, late);
    }
    try {
      V answer = call.get();
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private V await(CompletableFuture<V> other, Instant deadline, Supplier<V> late) {
    long wait = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    try {
      return other.get(wait, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return late.get();
    } catch (ExecutionException | TimeoutException e) {
      return late.get();
    }
  }
}
