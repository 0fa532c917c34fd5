package app.tokencheck.check;

import app.tokencheck.clearfeed.ClearFeedClient;
import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.diagnosis.Diagnoser;
import app.tokencheck.diagnosis.Diagnosis;
import app.tokencheck.diagnosis.Facts;
import app.tokencheck.diagnosis.TokenState;
import app.tokencheck.metrics.CommandMetrics;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackDirectory;
import app.tokencheck.slackdirectory.UserLookup;
import app.tokencheck.slackdirectory.WorkspaceCache;
import app.tokencheck.tokenstore.StoredToken;
import app.tokencheck.tokenstore.TokenStore;
import app.tokencheck.tokenstore.UnreadableTokenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the facts about one person, running every upstream call at the same time, and diagnoses
 * them.
 *
 * <p>The ClearFeed record is read together with the token probe rather than after it: it is only
 * used when the probe succeeds, but waiting for the probe first would double the answer time.
 */
public final class TokenCheck {
  private static final Logger log = LoggerFactory.getLogger(TokenCheck.class);

  private final SlackDirectory directory;
  private final WorkspaceCache workspace;
  private final ClearFeedClient clearFeed;
  private final TokenStore store;
  private final Executor upstream;
  private final Clock clock;
  private final Duration slackBudget;
  private final CommandMetrics metrics;
  private final Optional<String> serviceToken;

  /**
   * @param upstream runs the upstream calls; it must not be the executor that runs this check
   * @param slackBudget how long Slack calls may take, retries included
   */
  public TokenCheck(
      SlackDirectory directory,
      WorkspaceCache workspace,
      ClearFeedClient clearFeed,
      TokenStore store,
      Executor upstream,
      Clock clock,
      Duration slackBudget,
      CommandMetrics metrics,
      Optional<String> serviceToken) {
    this.directory = directory;
    this.workspace = workspace;
    this.clearFeed = clearFeed;
    this.store = store;
    this.upstream = upstream;
    this.clock = clock;
    this.slackBudget = slackBudget;
    this.metrics = metrics;
    this.serviceToken = serviceToken;
  }

  /**
   * Diagnoses the token stored for {@code slackUserId}.
   *
   * @throws app.tokencheck.tokenstore.StoreUnavailableException when the database is down
   */
  public Diagnosis run(String slackUserId) {
    Instant deadline = clock.instant().plus(slackBudget);
    CompletableFuture<UserLookup> account =
        async(
            () -> directory.user(slackUserId, deadline),
            new UserLookup(UserLookup.Outcome.UNREACHABLE, Optional.empty(), "internal error"));
    Optional<StoredToken> stored;
    TokenState state;
    try {
      stored = store.find(slackUserId);
      state =
          stored
              .map(t -> TokenState.stored(t.fingerprint(), t.storedAt(), t.signInEmail()))
              .orElse(TokenState.absent());
    } catch (UnreadableTokenException e) {
      log.warn("Stored token of {} cannot be decrypted with the current key", slackUserId);
      stored = Optional.empty();
      state = TokenState.unreadable();
    }
    CompletableFuture<EmailLookup> email = emailLookup(stored, deadline);
    CompletableFuture<UserRecord> record =
        stored
            .map(t -> async(() -> clearFeed.user(t.token(), slackUserId), failedRecord()))
            .orElse(CompletableFuture.completedFuture(UserRecord.notRun()));
    // Read alongside the probe: it only matters when the person's own token is refused, but
    // waiting for the probe first would add a whole ClearFeed round trip.
    CompletableFuture<UserRecord> service =
        serviceToken
            .map(t -> async(() -> clearFeed.user(t, slackUserId), failedRecord()))
            .orElse(CompletableFuture.completedFuture(UserRecord.notRun()));
    // The probe runs on this thread, which would otherwise only wait: every call handed to the
    // upstream pool holds one more blocked thread for as long as the call lasts.
    TokenProbe probe =
        stored
            .map(t -> here(() -> clearFeed.probe(t.token()), failedProbe()))
            .orElse(TokenProbe.notRun());
    Facts facts =
        new Facts(
            slackUserId,
            workspace.current(),
            account.join(),
            state,
            probe,
            email.join(),
            record.join(),
            service.join());
    countUpstreamErrors(facts);
    return Diagnoser.diagnose(facts);
  }

  private void countUpstreamErrors(Facts facts) {
    UserLookup account = facts.account();
    switch (account.outcome()) {
      case APP_REJECTED -> metrics.upstreamError("slack", "app_rejected");
      case MISSING_SCOPE -> metrics.upstreamError("slack", "missing_scope");
      case UNREACHABLE -> metrics.upstreamError("slack", slackKind(account.error()));
      default -> {}
    }
    if (facts.emailLookup().outcome() == EmailLookup.Outcome.UNREACHABLE) {
      metrics.upstreamError("slack", slackKind(facts.emailLookup().error()));
    }
    if (facts.probe().inconclusive()) {
      metrics.upstreamError(
          "clearfeed", facts.probe().outcome().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static String slackKind(String error) {
    if ("ratelimited".equals(error)) {
      return "rate_limited";
    }
    if ("timeout".equals(error)) {
      return "timeout";
    }
    return error.startsWith("HTTP 5") ? "server_error" : "error";
  }

  private CompletableFuture<EmailLookup> emailLookup(
      Optional<StoredToken> stored, Instant deadline) {
    Optional<String> signIn = stored.flatMap(StoredToken::signInEmail);
    if (signIn.isEmpty()) {
      return CompletableFuture.completedFuture(EmailLookup.notRun());
    }
    return async(
        () -> directory.userByEmail(signIn.get(), deadline),
        new EmailLookup(EmailLookup.Outcome.UNREACHABLE, Optional.empty(), "internal error"));
  }

  private <T> CompletableFuture<T> async(Supplier<T> call, T fallback) {
    try {
      return CompletableFuture.supplyAsync(call, upstream)
          .exceptionally(e -> unanswered(e, fallback));
    } catch (RejectedExecutionException e) {
      log.warn("Upstream executor is full; reporting the call as unanswered");
      return CompletableFuture.completedFuture(fallback);
    }
  }

  /** Runs {@code call} on this thread, with the same fallback as a call handed to the pool. */
  private static <T> T here(Supplier<T> call, T fallback) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return unanswered(e, fallback);
    }
  }

  /** A call that failed in an unexpected way counts as one that gave no usable answer. */
  private static <T> T unanswered(Throwable e, T fallback) {
    log.error("Upstream call failed unexpectedly", e);
    return fallback;
  }

  private static TokenProbe failedProbe() {
    return new TokenProbe(TokenProbe.Outcome.CONNECTION_FAILED, 0, Optional.empty());
  }

  private static UserRecord failedRecord() {
    return new UserRecord(UserRecord.Outcome.FAILED, Optional.empty(), 0);
  }
}
