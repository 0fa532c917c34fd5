package app.tokencheck.slackdirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cached {@code auth.test} answer: read once at start, refreshed in the background. */
final class WorkspaceCacheTest {
  private static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final Executor DIRECT = Runnable::run;

  private final FakeSlack fakeSlack = new FakeSlack();
  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T10:00:00Z"));
  private Slack slack;
  private SlackDirectory directory;

  @BeforeEach
  void startSlack() throws IOException {
    server.setDispatcher(fakeSlack);
    server.start();
    slack = FakeSlack.slack(server);
    directory = new SlackDirectory(SlackWebApi.methods(slack, FakeSlack.BOT_TOKEN), clock);
  }

  @AfterEach
  void stopSlack() throws Exception {
    slack.close();
    server.close();
  }

  @Test
  void firstReadHappensInTheConstructor() {
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read"));

    WorkspaceCache cache = new WorkspaceCache(directory, DIRECT, clock, MAX_AGE);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(cache.current().teamId()).contains("T1");
  }

  @Test
  void freshAnswerIsServedWithoutAskingSlackAgain() {
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read"));
    WorkspaceCache cache = new WorkspaceCache(directory, DIRECT, clock, MAX_AGE);
    clock.advance(MAX_AGE.minusSeconds(1));

    Workspace first = cache.current();
    Workspace second = cache.current();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(first.scopes()).contains(Set.of("commands", "users:read"));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void staleAnswerIsRefreshedThroughTheExecutor() {
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read"));
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read,users:read.email"));
    WorkspaceCache cache = new WorkspaceCache(directory, DIRECT, clock, MAX_AGE);
    clock.advance(MAX_AGE.plusSeconds(1));

    Workspace served = cache.current();
    Workspace next = cache.current();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(served.lacks("users:read.email")).isTrue();
    assertThat(next.lacks("users:read.email")).isFalse();
  }

  @Test
  void readerIsAnsweredBeforeTheRefreshRuns() {
    fakeSlack.answer("auth.test", authTest("T1", "commands"));
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read"));
    RecordingExecutor later = new RecordingExecutor();
    WorkspaceCache cache = new WorkspaceCache(directory, later, clock, MAX_AGE);
    clock.advance(MAX_AGE.plusSeconds(1));

    Workspace served = cache.current();
    cache.current();

    assertThat(served.scopes()).contains(Set.of("commands"));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(later.submitted).as("one refresh queued, not two").isEqualTo(1);
  }

  @Test
  void failedAnswerIsRetriedSoonerThanTheMaximumAge() {
    fakeSlack.answerError("auth.test", "invalid_auth");
    fakeSlack.answer("auth.test", authTest("T1", "commands"));
    WorkspaceCache cache = new WorkspaceCache(directory, DIRECT, clock, Duration.ofHours(1));
    clock.advance(Duration.ofSeconds(31));

    Workspace served = cache.current();
    Workspace next = cache.current();

    assertThat(served.tokenRejected()).isTrue();
    assertThat(next.tokenRejected()).isFalse();
    assertThat(next.teamId()).contains("T1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rejectedRefreshIsTriedAgainLater() {
    fakeSlack.answer("auth.test", authTest("T1", "commands"));
    fakeSlack.answer("auth.test", authTest("T1", "commands,users:read"));
    FlakyExecutor flaky = new FlakyExecutor();
    WorkspaceCache cache = new WorkspaceCache(directory, flaky, clock, MAX_AGE);
    clock.advance(MAX_AGE.plusSeconds(1));

    Throwable whenRejected = catchThrowable(cache::current);
    cache.current();
    Workspace next = cache.current();

    assertThat(whenRejected).isNull();
    assertThat(next.scopes()).contains(Set.of("commands", "users:read"));
  }

  private static MockResponse authTest(String teamId, String scopes) {
    ObjectNode body = ApiSamples.ok("auth.test");
    body.put("team_id", teamId);
    return FakeSlack.json(200, body.toString())
        .newBuilder()
        .addHeader("x-oauth-scopes", scopes)
        .build();
  }

  /** Accepts tasks and never runs them, as a busy pool would for a while. */
  private static final class RecordingExecutor implements Executor {
    int submitted;

    @Override
    public void execute(Runnable task) {
      submitted++;
    }
  }

  /** Rejects the first task, then runs every task at once. */
  private static final class FlakyExecutor implements Executor {
    private final AtomicBoolean rejected = new AtomicBoolean();

    @Override
    public void execute(Runnable task) {
      if (rejected.compareAndSet(false, true)) {
        throw new RejectedExecutionException("pool is shut down");
      }
      task.run();
    }
  }
}
