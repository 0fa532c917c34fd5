package app.tokencheck;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.check.TokenCheck;
import app.tokencheck.clearfeed.ClearFeedClient;
import app.tokencheck.config.Settings;
import app.tokencheck.config.SettingsException;
import app.tokencheck.doctor.Doctor;
import app.tokencheck.handover.HandoverStore;
import app.tokencheck.logging.Correlation;
import app.tokencheck.metrics.CommandMetrics;
import app.tokencheck.slack.SlackSurface;
import app.tokencheck.slack.SocketModeState;
import app.tokencheck.slackdirectory.SlackDirectory;
import app.tokencheck.slackdirectory.SlackWebApi;
import app.tokencheck.slackdirectory.Workspace;
import app.tokencheck.slackdirectory.WorkspaceCache;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.EncryptionKey;
import app.tokencheck.tokenstore.TokenStore;
import app.tokencheck.web.WebServer;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running app: database, clients, Bolt and the HTTP server, wired from {@link Settings}. */
public final class TokenCheckApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenCheckApp.class);
  private static final Duration SLACK_BUDGET = Duration.ofSeconds(8);
  private static final Duration WORKSPACE_MAX_AGE = Duration.ofMinutes(10);
  private static final Duration STAFF_MAX_AGE = Duration.ofMinutes(5);

  private final Database database;
  private final ExecutorService workers;
  private final ExecutorService upstream;
  private final Slack slack;
  private final WebServer server;
  private final Optional<SocketModeApp> socketMode;
  private final Optional<SocketModeState> socketState;
  private final ScheduledExecutorService housekeeping;
  private final ScheduledFuture<?> sweep;
  private final AtomicBoolean ready = new AtomicBoolean();

  private TokenCheckApp(Settings settings, Clock clock) throws Exception {
    SecretKey key =
        EncryptionKey.load(
            settings.tokenEncryptionKey(),
            settings.databaseUrl().isEmpty(),
            settings.dataDirectory());
    Optional<SecretKey> previousKey = EncryptionKey.previous(settings.previousTokenEncryptionKey());
    // A check mostly waits on Slack and ClearFeed, so it takes many threads to keep up (with 8,
    // the benchmark's diagnoses queued behind each other at 16 concurrent commands), but every
    // waiting thread is a stack each young collection walks. A check makes its ClearFeed probe
    // itself and hands the other calls (410 ms of the fakes' 660 ms) to `upstream`, so 16 workers
    // and 24 upstream threads keep up with each other.
    workers = pool("check", 16, new ArrayBlockingQueue<>(200));
    upstream = pool("upstream", 24, new LinkedBlockingQueue<>());
    // One pool for Slack and ClearFeed, with room for every connection a full check pool uses:
    // OkHttp's default keeps 5 idle and would close (and later re-open) the rest after a burst.
    ConnectionPool connections = new ConnectionPool(64, 5, TimeUnit.MINUTES);
    slack = SlackWebApi.slack(slackConfig(settings), connections);
    MethodsClient methods = SlackWebApi.methods(slack, settings.slackBotToken());
    SlackDirectory directory = new SlackDirectory(methods, clock);
    Executor correlated = Correlation.carrying(upstream);
    // The first auth.test and the database migrations are independent: run them side by side.
    CompletableFuture<WorkspaceCache> firstRead =
        CompletableFuture.supplyAsync(
            () -> new WorkspaceCache(directory, upstream, clock, WORKSPACE_MAX_AGE), upstream);
    try {
      database = Database.open(settings.databaseUrl(), settings.dataDirectory());
    } catch (RuntimeException e) {
      workers.shutdownNow();
      upstream.shutdownNow();
      closeSlack(slack);
      throw e;
    }
    WorkspaceCache workspace = firstRead.join();
    reportWorkspace(workspace.current());
    ClearFeedClient clearFeed =
        new ClearFeedClient(
            settings.clearFeedApiUrl(),
            new OkHttpClient.Builder().connectionPool(connections).build(),
            settings.clearFeedTimeout());
    TokenStore store = new TokenStore(database, key, previousKey);
    CommandMetrics metrics = new CommandMetrics();
    TokenCheck check =
        new TokenCheck(
            directory,
            workspace,
            clearFeed,
            store,
            correlated,
            clock,
            SLACK_BUDGET,
            metrics,
            settings.clearFeedServiceToken());
    SupportStaff staff = new SupportStaff(settings.supportStaff(), methods, clock, STAFF_MAX_AGE);
    upstream.execute(staff::resolved);
    AuditLog audit = new AuditLog(database);
    HandoverStore handovers = new HandoverStore(database);
    housekeeping = Executors.newSingleThreadScheduledExecutor(threads("housekeeping"));
    sweep =
        housekeeping.scheduleWithFixedDelay(
            () -> expire(audit, handovers, clock, settings.auditRetention()), 0, 1, TimeUnit.HOURS);
    Doctor doctor =
        new Doctor(
            directory, clearFeed, database, store, settings.clearFeedServiceToken(), staff, clock);
    App app = new App(boltConfig(settings, slack));
    SlackSurface.register(
        app,
        new SlackSurface.Parts(
            check,
            directory,
            staff,
            audit,
            store,
            methods,
            slack,
            workers,
            clock,
            metrics,
            doctor,
            settings.auditRetention(),
            handovers));
    socketMode =
        settings.socketMode()
            ? Optional.of(
                new SocketModeApp(
                    settings.slackAppToken().orElseThrow(),
                    app,
                    SocketModeClient.Backend.JavaWebSocket))
            : Optional.empty();
    socketState = socketMode.map(socket -> new SocketModeState());
    server =
        new WebServer(
            app,
            settings.slackSigningSecret(),
            settings.port(),
            clock,
            () ->
                ready.get()
                    && socketState.map(SocketModeState::open).orElse(true)
                    && database.reachable(),
            Optional.of(metrics));
  }

  /** Builds and starts the app; {@link #port()} is listening when this returns. */
  public static TokenCheckApp start(Settings settings, Clock clock) throws Exception {
    TokenCheckApp app = new TokenCheckApp(settings, clock);
    try {
      app.server.start();
      if (app.socketMode.isPresent()) {
        try {
          app.socketMode.get().startAsync();
          app.socketState.orElseThrow().follow(app.socketMode.get().getClient());
        } catch (Exception e) {
          // Only Slack's error code is quoted: the message may hold the WebSocket URL, whose
          // ticket is a secret of its own.
          java.util.regex.Matcher code =
              java.util.regex.Pattern.compile("error: ([a-z_]+)")
                  .matcher(String.valueOf(e.getMessage()));
          throw new SettingsException(
              "SLACK_APP_TOKEN could not open a Socket Mode connection ("
                  + (code.find() ? code.group(1) : e.getClass().getSimpleName())
                  + "): check the app-level token and its connections:write scope");
        }
      }
    } catch (Exception e) {
      app.close();
      throw e;
    }
    // In Socket Mode, /health also waits for Slack's greeting on the socket (SocketModeState).
    app.ready.set(true);
    log.info(
        "Listening on port {}{} ({})",
        app.port(),
        app.socketMode.isPresent() ? " and connecting over Socket Mode" : "",
        settings);
    return app;
  }

  public int port() {
    return server.port();
  }

  /** Stops taking requests, lets acknowledged checks finish for up to 10 s, then shuts down. */
  @Override
  public void close() {
    ready.set(false);
    try {
      if (socketMode.isPresent()) {
        socketMode.get().stop();
      }
      server.stop();
    } catch (Exception e) {
      log.warn("The server did not stop cleanly", e);
    }
    // Separate from the server's stop: acknowledged checks still finish if that failed.
    try {
      workers.shutdown();
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Checks still running after 10 s were abandoned at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sweep.cancel(false);
      // Known gap: checks still queued here were acknowledged with "Checking…" and are dropped
      // without an answer; telling each of them to run the command again needs their
      // response_url, which the queued tasks do not expose.
      workers.shutdownNow();
      upstream.shutdownNow();
      housekeeping.shutdownNow();
      closeSlack(slack);
      database.close();
    }
  }

  private static void closeSlack(Slack slack) {
    try {
      slack.close();
    } catch (Exception e) {
      log.warn("Slack's HTTP client did not close cleanly", e);
    }
  }

  private static SlackConfig slackConfig(Settings settings) {
    SlackConfig config = new SlackConfig();
    String prefix = settings.slackApiUrl().toString();
    config.setMethodsEndpointUrlPrefix(prefix.endsWith("/") ? prefix : prefix + "/");
    config.setHttpClientReadTimeoutMillis(5_000);
    config.setHttpClientWriteTimeoutMillis(5_000);
    config.setHttpClientCallTimeoutMillis(6_000);
    config.setPrettyResponseLoggingEnabled(false);
    // With stats on, the SDK resolves each token's team with an extra auth.test of its own;
    // the app keeps no per-team stats, and WorkspaceCache already knows the team.
    config.setStatsEnabled(false);
    // The SDK's default listeners print whole requests and responses at DEBUG, emails and
    // lookups included. This app logs events, not payloads, whatever the log level.
    config.getHttpClientResponseHandlers().clear();
    return config;
  }

  private static AppConfig boltConfig(Settings settings, Slack slack) {
    // No bot token here on purpose: Bolt would then call auth.test itself and answer every
    // command with a bare 401 once the token is revoked. The app checks its token in
    // WorkspaceCache instead, and says so in the diagnosis.
    //
    // Bolt's own signature check is off too: SlackEndpoint verifies every HTTP request first, more
    // strictly (timestamps in the future, constant-time comparison), and Bolt's verifier prints
    // the whole request body, form tokens included, at DEBUG. Socket Mode needs no signature.
    return AppConfig.builder()
        .slack(slack)
        .signingSecret(settings.slackSigningSecret())
        .singleTeamBotToken(null)
        .requestVerificationEnabled(false)
        .build();
  }

  private static void reportWorkspace(Workspace workspace) {
    if (workspace.tokenRejected()) {
      log.error(
          "Slack refused SLACK_BOT_TOKEN ({}); checks will report SLACK_APP_MISCONFIGURED until"
              + " it is replaced",
          workspace.failure().get().detail());
    } else if (workspace.failure().isPresent()) {
      log.warn(
          "Slack did not answer auth.test ({}); the app will ask again",
          workspace.failure().get().detail());
    } else if (workspace.lacks(Workspace.EMAIL_SCOPE)) {
      log.warn("The bot token lacks {}: add it and reinstall the app", Workspace.EMAIL_SCOPE);
    }
  }

  /** Never throws: an exception would silently end the schedule. */
  private static void expire(
      AuditLog audit, HandoverStore handovers, Clock clock, Duration retention) {
    try {
      Instant cutoff = clock.instant().minus(retention);
      int deleted = audit.deleteBefore(cutoff) + handovers.deleteBefore(cutoff);
      if (deleted > 0) {
        log.info("Deleted {} record(s) older than {} days", deleted, retention.toDays());
      }
    } catch (RuntimeException e) {
      log.warn("Could not delete expired records; will try again in an hour", e);
    }
  }

  /** A fixed-size pool whose idle threads exit, and whose refusal costs no stack trace. */
  private static ThreadPoolExecutor pool(
      String name, int size, java.util.concurrent.BlockingQueue<Runnable> queue) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            size,
            size,
            60,
            TimeUnit.SECONDS,
            queue,
            threads(name),
            (task, executor) -> {
              throw new Busy();
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A full queue: the caller answers "busy", so the exception needs no stack or message. */
  private static final class Busy extends java.util.concurrent.RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("queue full", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
