package app.tokencheck.slackdirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the last {@code auth.test} answer and refreshes it in the background once it is stale.
 *
 * <p>Readers never wait on Slack: a command must be acknowledged within three seconds, and one
 * {@code auth.test} per few minutes is all the app needs to notice a revoked token or a new scope.
 */
public final class WorkspaceCache {
  private static final Duration CALL_BUDGET = Duration.ofSeconds(5);
  private static final Duration FAILURE_MAX_AGE = Duration.ofSeconds(30);

  private final SlackDirectory directory;
  private final Executor executor;
  private final Clock clock;
  private final Duration maxAge;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Snapshot snapshot;

  /** Reads the workspace once, synchronously, so the first command has an answer. */
  public WorkspaceCache(SlackDirectory directory, Executor executor, Clock clock, Duration maxAge) {
    this.directory = directory;
    this.executor = executor;
    this.clock = clock;
    this.maxAge = maxAge;
    this.snapshot = read();
  }

  /** The latest known answer; starts a refresh when it is older than the maximum age. */
  public Workspace current() {
    Snapshot seen = snapshot;
    // A failed answer is retried sooner: the admin may be fixing the installation right now.
    Duration age = seen.workspace().failure().isPresent() ? FAILURE_MAX_AGE : maxAge;
    if (seen.readAt().plus(age).isBefore(clock.instant())
        && refreshing.compareAndSet(false, true)) {
      try {
        executor.execute(
            () -> {
              try {
                snapshot = read();
              } finally {
                refreshing.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        // A full or stopped executor: keep the last answer and try again on the next read.
        refreshing.set(false);
      }
    }
    return seen.workspace();
  }

  private Snapshot read() {
    Instant now = clock.instant();
    return new Snapshot(directory.workspace(now.plus(CALL_BUDGET)), now);
  }

  private record Snapshot(Workspace workspace, Instant readAt) {}
}
