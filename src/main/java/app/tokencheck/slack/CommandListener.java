package app.tokencheck.slack;

import app.tokencheck.check.TokenCheck;
import app.tokencheck.diagnosis.Diagnosis;
import app.tokencheck.logging.Correlation;
import app.tokencheck.metrics.CommandMetrics;
import app.tokencheck.tokenstore.StoreUnavailableException;
import app.tokencheck.tokenstore.StoredToken;
import app.tokencheck.tokenstore.TokenStore;
import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.Responder;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash command and the token form. Every listener acknowledges at once and never throws: slow
 * work goes to {@code workers} and its answer to the command's {@code response_url}.
 */
public final class CommandListener {
  private static final Logger log = LoggerFactory.getLogger(CommandListener.class);
  private static final java.util.regex.Pattern SLACK_USER_ID =
      java.util.regex.Pattern.compile("[UW][A-Z0-9]{2,20}");

  private final TokenCheck tokenCheck;
  private final TokenStore store;
  private final MethodsClient methods;
  private final Slack slack;
  private final ExecutorService workers;
  private final Clock clock;
  private final CommandMetrics metrics;

  /**
   * @param methods carries the bot token; used for {@code views.open}
   * @param slack posts to {@code response_url}
   * @param workers runs checks after the acknowledgement; a full queue means "busy"
   */
  public CommandListener(
      TokenCheck tokenCheck,
      TokenStore store,
      MethodsClient methods,
      Slack slack,
      ExecutorService workers,
      Clock clock,
      CommandMetrics metrics) {
    this.tokenCheck = tokenCheck;
    this.store = store;
    this.methods = methods;
    this.slack = slack;
    this.workers = workers;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Registers the command and the form on {@code app}. */
  public void register(App app) {
    app.command(Replies.COMMAND, this::onCommand);
    app.viewSubmission(TokenModal.CALLBACK_ID, this::onSubmit);
  }

  Response onCommand(SlashCommandRequest request, SlashCommandContext ctx) {
    Correlation.start();
    try {
      return handleCommand(request, ctx);
    } finally {
      Correlation.end();
    }
  }

  private Response handleCommand(SlashCommandRequest request, SlashCommandContext ctx) {
    long start = System.nanoTime();
    SlashCommandPayload payload = request.getPayload();
    String user = payload.getUserId();
    if (!wellFormed(payload)) {
      // Signed but incomplete: answer nothing and call no one.
      log.warn("Rejected a command without a valid user_id or response_url");
      return Response.builder()
          .statusCode(400)
          .contentType("text/plain")
          .body("Bad request")
          .build();
    }
    CommandText command = CommandText.parse(payload.getText());
    try {
      return switch (command.action()) {
        case CHECK -> check(user, payload.getResponseUrl(), start, ctx);
        case SET -> openForm(user, payload, ctx);
        case FORGET -> forget(user, payload.getResponseUrl(), start, ctx);
        case HELP -> done(ctx, user, "help", "USAGE", start, Replies.usage());
        case PASTED_SECRET ->
            done(ctx, user, "unknown", "PASTED_SECRET", start, Replies.pastedSecret());
        case UNKNOWN -> done(ctx, user, "unknown", "USAGE", start, Replies.unknown(command.raw()));
      };
    } catch (RuntimeException e) {
      log.error("Command {} of {} failed", command.action(), user, e);
      return done(ctx, user, "error", "INTERNAL_ERROR", start, Replies.internalError());
    }
  }

  private static boolean wellFormed(SlashCommandPayload payload) {
    return payload.getUserId() != null
        && SLACK_USER_ID.matcher(payload.getUserId()).matches()
        && payload.getResponseUrl() != null
        && (payload.getResponseUrl().startsWith("https://")
            || payload.getResponseUrl().startsWith("http://"));
  }

  private Response check(String user, String responseUrl, long start, SlashCommandContext ctx) {
    try {
      workers.execute(Correlation.carry(() -> diagnoseAndRespond(user, responseUrl, start)));
    } catch (RejectedExecutionException e) {
      return done(ctx, user, "check", "BUSY", start, Replies.busy());
    }
    return ctx.ack(r -> r.responseType("ephemeral").text(Replies.checking()));
  }

  private void diagnoseAndRespond(String user, String responseUrl, long start) {
    String outcome;
    SlashCommandResponse reply;
    try {
      Diagnosis diagnosis = tokenCheck.run(user);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      outcome = diagnosis.cause().code();
      reply =
          SlashCommandResponse.builder()
              .responseType("ephemeral")
              .text(DiagnosisText.render(diagnosis))
              .blocks(DiagnosisBlocks.render(diagnosis, elapsed))
              .build();
    } catch (StoreUnavailableException e) {
      log.warn("Check for {} could not read the database", user, e);
      outcome = "STORE_UNAVAILABLE";
      reply = text(Replies.storeUnavailable());
    } catch (RuntimeException e) {
      log.error("Check for {} failed", user, e);
      outcome = "INTERNAL_ERROR";
      reply = text(Replies.internalError());
    }
    post(responseUrl, reply);
    metrics.diagnosed(Duration.ofNanos(System.nanoTime() - start));
    logCommand(user, "check", outcome, start);
  }

  private Response openForm(String user, SlashCommandPayload payload, SlashCommandContext ctx) {
    TokenModal.Metadata metadata = new TokenModal.Metadata(user, payload.getResponseUrl());
    long start = System.nanoTime();
    try {
      // views.open needs the trigger within 3 s; it runs right after the ack, not before it.
      workers.execute(Correlation.carry(() -> open(payload.getTriggerId(), metadata, start)));
    } catch (RejectedExecutionException e) {
      return done(ctx, user, "set", "BUSY", start, Replies.busy());
    }
    return ctx.ack();
  }

  private void open(String triggerId, TokenModal.Metadata metadata, long start) {
    String outcome = "FORM_OPENED";
    try {
      ViewsOpenResponse response =
          methods.viewsOpen(r -> r.triggerId(triggerId).view(TokenModal.form(metadata)));
      if (!response.isOk()) {
        outcome = "FORM_FAILED";
        log.warn("views.open for {} failed: {}", metadata.userId(), response.getError());
        post(metadata.responseUrl(), text(Replies.formNotOpened(response.getError())));
      }
    } catch (IOException | com.slack.api.methods.SlackApiException | RuntimeException e) {
      outcome = "FORM_FAILED";
      log.warn("views.open for {} failed", metadata.userId(), e);
      post(metadata.responseUrl(), text(Replies.formNotOpened("no answer from Slack")));
    }
    logCommand(metadata.userId(), "set", outcome, start);
  }

  private Response forget(String user, String responseUrl, long start, SlashCommandContext ctx) {
    try {
      // The database may be slow; the acknowledgement must not wait for it.
      workers.execute(Correlation.carry(() -> forgetAndRespond(user, responseUrl, start)));
    } catch (RejectedExecutionException e) {
      return done(ctx, user, "forget", "BUSY", start, Replies.busy());
    }
    return ctx.ack();
  }

  private void forgetAndRespond(String user, String responseUrl, long start) {
    String outcome;
    String message;
    try {
      Optional<String> fingerprint = fingerprintOf(user);
      if (store.delete(user)) {
        outcome = "FORGOTTEN";
        message = Replies.forgotten(fingerprint);
      } else {
        outcome = "NOTHING_STORED";
        message = Replies.nothingToForget();
      }
    } catch (StoreUnavailableException e) {
      log.warn("forget for {} could not reach the database", user, e);
      outcome = "STORE_UNAVAILABLE";
      message = Replies.storeUnavailable();
    }
    post(responseUrl, text(message));
    logCommand(user, "forget", outcome, start);
  }

  private Optional<String> fingerprintOf(String user) {
    try {
      return store.find(user).map(StoredToken::fingerprint);
    } catch (app.tokencheck.tokenstore.UnreadableTokenException e) {
      return Optional.empty();
    }
  }

  Response onSubmit(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
    Correlation.start();
    try {
      return handleSubmit(request, ctx);
    } finally {
      Correlation.end();
    }
  }

  private Response handleSubmit(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
    long start = System.nanoTime();
    ViewSubmissionPayload payload = request.getPayload();
    String user = payload.getUser().getId();
    Optional<TokenModal.Metadata> metadata =
        TokenModal.metadata(payload.getView().getPrivateMetadata());
    if (metadata.isEmpty() || !metadata.get().userId().equals(user)) {
      logCommand(user, "submit", "NOT_YOUR_FORM", start);
      return ctx.ackWithErrors(
          Map.of(TokenModal.TOKEN_BLOCK, "This form belongs to someone else; nothing was saved."));
    }
    TokenModal.Submission submission = TokenModal.read(payload.getView().getState());
    if (!submission.errors().isEmpty()) {
      logCommand(user, "submit", "INVALID_INPUT", start);
      return ctx.ackWithErrors(submission.errors());
    }
    try {
      store.save(user, submission.token(), submission.signInEmail(), clock.instant());
    } catch (RuntimeException e) {
      log.warn("Saving the token of {} failed", user, e);
      logCommand(user, "submit", "STORE_UNAVAILABLE", start);
      return ctx.ackWithErrors(
          Map.of(
              TokenModal.TOKEN_BLOCK,
              "Could not save: the app's database is unavailable. Nothing was stored; try again"
                  + " in a minute."));
    }
    String message = Replies.saved(StoredToken.fingerprintOf(submission.token()));
    String responseUrl = metadata.get().responseUrl();
    try {
      workers.execute(Correlation.carry(() -> post(responseUrl, text(message))));
    } catch (RejectedExecutionException e) {
      log.warn("Could not queue the confirmation for {}; the form shows it", user);
    }
    logCommand(user, "submit", "SAVED", start);
    return ctx.ackWithUpdate(TokenModal.saved(message));
  }

  private void post(String responseUrl, SlashCommandResponse reply) {
    try {
      WebhookResponse response = new Responder(slack, responseUrl).send(reply);
      if (response.getCode() == null || response.getCode() >= 300) {
        log.warn("response_url answered HTTP {}; the reply was not delivered", response.getCode());
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "response_url could not be reached; the reply was not delivered ({})",
          e.getClass().getSimpleName());
    }
  }

  private Response done(
      SlashCommandContext ctx,
      String user,
      String action,
      String outcome,
      long start,
      String text) {
    logCommand(user, action, outcome, start);
    return ctx.ack(r -> r.responseType("ephemeral").text(text));
  }

  private static SlashCommandResponse text(String text) {
    return SlashCommandResponse.builder().responseType("ephemeral").text(text).build();
  }

  private void logCommand(String user, String action, String outcome, long start) {
    metrics.command(action, outcome);
    log.info(
        "command user={} action={} outcome={} duration_ms={}",
        user,
        action,
        outcome,
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }
}
