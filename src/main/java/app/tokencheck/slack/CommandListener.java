package app.tokencheck.slack;

import static java.util.stream.Collectors.toUnmodifiableMap;

import app.tokencheck.diagnosis.Check;
import app.tokencheck.logging.Correlation;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.StoreUnavailableException;
import app.tokencheck.tokenstore.StoredToken;
import app.tokencheck.tokenstore.TokenStore;
import app.tokencheck.tokenstore.UnreadableTokenException;
import com.google.gson.Gson;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash command and the token form. Every listener acknowledges at once and never throws: slow
 * work goes to {@code workers} and its answer to the command's {@code response_url}.
 */
public final class CommandListener {
  private static final Logger log = LoggerFactory.getLogger(CommandListener.class);
  private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Gson JSON = new Gson();

  /**
   * The acknowledgements whose text never changes, serialized once: they answer most commands, and
   * serializing on each one was a tenth of the app's own work on the path Slack times.
   */
  private static final Map<String, String> FIXED_ACKS =
      Stream.of(
              Replies.checking(),
              Replies.checkingSomeone(),
              Replies.busy(),
              Replies.usage(),
              Replies.unresolvedName(),
              Replies.pastedSecret(),
              Replies.internalError())
          .distinct()
          .collect(toUnmodifiableMap(text -> text, CommandListener::ephemeralJson));

  private final CheckFlow checks;
  private final HistoryFlow history;
  private final Supplier<List<Check>> doctor;
  private final SupportStaff staff;
  private final TokenStore store;
  private final MethodsClient methods;
  private final Replier replier;
  private final ExecutorService workers;
  private final Clock clock;

  CommandListener(
      CheckFlow checks,
      HistoryFlow history,
      Supplier<List<Check>> doctor,
      SupportStaff staff,
      TokenStore store,
      MethodsClient methods,
      Replier replier,
      ExecutorService workers,
      Clock clock) {
    this.checks = checks;
    this.history = history;
    this.doctor = doctor;
    this.staff = staff;
    this.store = store;
    this.methods = methods;
    this.replier = replier;
    this.workers = workers;
    this.clock = clock;
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
    if (!wellFormed(payload)) {
      // Signed but incomplete: answer nothing and call no one.
      log.warn("Rejected a command without a valid user_id or response_url");
      return Response.builder()
          .statusCode(400)
          .contentType("text/plain")
          .body("Bad request")
          .build();
    }
    String user = payload.getUserId();
    String responseUrl = payload.getResponseUrl();
    CommandText command = CommandText.parse(payload.getText());
    try {
      return switch (command.action()) {
        case CHECK ->
            later(
                ctx,
                user,
                "check",
                responseUrl,
                start,
                command.target().isPresent() ? Replies.checkingSomeone() : Replies.checking(),
                () -> checks.run(user, command.target(), responseUrl, start));
        case HISTORY ->
            later(
                ctx,
                user,
                "history",
                responseUrl,
                start,
                null,
                () -> history.run(user, command.target(), responseUrl, start));
        case DOCTOR ->
            later(
                ctx,
                user,
                "doctor",
                responseUrl,
                start,
                null,
                () -> runDoctor(user, responseUrl, start));
        case SET -> openForm(user, payload, ctx, start);
        case FORGET ->
            later(
                ctx,
                user,
                "forget",
                responseUrl,
                start,
                null,
                () -> forget(user, responseUrl, start));
        case HELP -> done(user, "help", "USAGE", start, Replies.usage());
        case UNRESOLVED_NAME -> done(user, "check", "USAGE", start, Replies.unresolvedName());
        case PASTED_SECRET -> done(user, "unknown", "PASTED_SECRET", start, Replies.pastedSecret());
        case UNKNOWN -> done(user, "unknown", "USAGE", start, Replies.unknown(command.raw()));
      };
    } catch (RuntimeException e) {
      log.error("Command {} of {} failed", command.action(), user, e);
      return done(user, "error", "INTERNAL_ERROR", start, Replies.internalError());
    }
  }

  /** The exception types down the cause chain, with SQL states, and no message text. */
  private static String withoutValues(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        out.append(" SQLState ").append(sql.getSQLState());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.toString();
  }

  private boolean wellFormed(SlashCommandPayload payload) {
    return payload.getUserId() != null
        && SLACK_USER_ID.matcher(payload.getUserId()).matches()
        && payload.getResponseUrl() != null
        && replier.isSlackResponseUrl(payload.getResponseUrl());
  }

  /**
   * Acknowledges now, with {@code ack} or silently, and runs {@code work} on a worker; a full queue
   * is answered with "busy" instead of being dropped, and a failure of {@code work} with the
   * internal-error reply at {@code responseUrl}.
   */
  private Response later(
      SlashCommandContext ctx,
      String user,
      String action,
      String responseUrl,
      long start,
      String ack,
      Runnable work) {
    try {
      workers.execute(Correlation.carry(answered(user, action, responseUrl, start, work)));
    } catch (RejectedExecutionException e) {
      return done(user, action, "BUSY", start, Replies.busy());
    }
    return ack == null ? ctx.ack() : ephemeral(ack);
  }

  /**
   * {@code work}, answering for it if it throws: after an empty acknowledgement, silence would
   * leave the person with nothing at all. Same reply and outcome as a check that fails.
   */
  private Runnable answered(
      String user, String action, String responseUrl, long start, Runnable work) {
    return () -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.error("{} by {} failed", action, user, e);
        replier.postText(responseUrl, Replies.internalError());
        replier.logCommand(user, action, "INTERNAL_ERROR", start);
      }
    };
  }

  private void runDoctor(String user, String responseUrl, long start) {
    if (!staff.includes(user)) {
      replier.postText(responseUrl, Replies.doctorNotAllowed());
      replier.logCommand(user, "doctor", "NOT_ALLOWED", start);
      return;
    }
    List<Check> lines = doctor.get();
    replier.post(
        responseUrl,
        SlashCommandResponse.builder()
            .responseType("ephemeral")
            .text(DiagnosisBlocks.doctorSummary(lines))
            .blocks(DiagnosisBlocks.doctor(lines))
            .build());
    replier.logCommand(user, "doctor", DiagnosisBlocks.doctorOutcome(lines), start);
  }

  private Response openForm(
      String user, SlashCommandPayload payload, SlashCommandContext ctx, long start) {
    TokenModal.Metadata metadata = new TokenModal.Metadata(user, payload.getResponseUrl());
    // views.open needs the trigger within 3 s; it runs right after the ack, not before it.
    return later(
        ctx,
        user,
        "set",
        payload.getResponseUrl(),
        start,
        null,
        () -> open(payload.getTriggerId(), metadata, start));
  }

  private void open(String triggerId, TokenModal.Metadata metadata, long start) {
    String outcome = "FORM_OPENED";
    Optional<String> signInEmail;
    try {
      signInEmail = store.signInEmail(metadata.userId());
    } catch (RuntimeException e) {
      // The trigger expires within 3 s: a form without the pre-fill beats no form at all.
      log.warn("Opening the form of {} without its stored sign-in email", metadata.userId(), e);
      signInEmail = Optional.empty();
    }
    try {
      View form = TokenModal.form(metadata, signInEmail);
      ViewsOpenResponse response = methods.viewsOpen(r -> r.triggerId(triggerId).view(form));
      if (!response.isOk()) {
        outcome = "FORM_FAILED";
        log.warn("views.open for {} failed: {}", metadata.userId(), response.getError());
        replier.postText(metadata.responseUrl(), Replies.formNotOpened(response.getError()));
      }
    } catch (IOException | SlackApiException | RuntimeException e) {
      outcome = "FORM_FAILED";
      log.warn("views.open for {} failed", metadata.userId(), e);
      replier.postText(metadata.responseUrl(), Replies.formNotOpened("no answer from Slack"));
    }
    replier.logCommand(metadata.userId(), "set", outcome, start);
  }

  private void forget(String user, String responseUrl, long start) {
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
    replier.postText(responseUrl, message);
    replier.logCommand(user, "forget", outcome, start);
  }

  private Optional<String> fingerprintOf(String user) {
    try {
      return store.find(user).map(StoredToken::fingerprint);
    } catch (UnreadableTokenException e) {
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
      replier.logCommand(user, "submit", "NOT_YOUR_FORM", start);
      return ctx.ackWithErrors(
          Map.of(TokenModal.TOKEN_BLOCK, "This form belongs to someone else; nothing was saved."));
    }
    TokenModal.Submission submission = TokenModal.read(payload.getView().getState());
    if (!submission.errors().isEmpty()) {
      replier.logCommand(user, "submit", "INVALID_INPUT", start);
      return ctx.ackWithErrors(submission.errors());
    }
    try {
      store.save(user, submission.token(), submission.signInEmail(), clock.instant());
    } catch (RuntimeException e) {
      // Without the exception's message: a database error can quote the values it refused.
      log.warn("Saving the token of {} failed ({})", user, withoutValues(e));
      replier.logCommand(user, "submit", "STORE_UNAVAILABLE", start);
      return ctx.ackWithErrors(
          Map.of(
              TokenModal.TOKEN_BLOCK,
              "Could not save: the app's database is unavailable. Nothing was stored; try again"
                  + " in a minute."));
    }
    String message = Replies.saved(StoredToken.fingerprintOf(submission.token()));
    String responseUrl = metadata.get().responseUrl();
    try {
      workers.execute(Correlation.carry(() -> replier.postText(responseUrl, message)));
    } catch (RejectedExecutionException e) {
      log.warn("Could not queue the confirmation for {}; the form shows it", user);
    }
    replier.logCommand(user, "submit", "SAVED", start);
    return ctx.ackWithUpdate(TokenModal.saved(message));
  }

  private Response done(String user, String action, String outcome, long start, String text) {
    replier.logCommand(user, action, outcome, start);
    return ephemeral(text);
  }

  /**
   * An acknowledgement that shows {@code text} to the person only. Written out rather than built as
   * a {@code SlashCommandResponse}: it is on the path Slack times, and two fields need no
   * reflection.
   */
  private static Response ephemeral(String text) {
    String json = FIXED_ACKS.get(text);
    return Response.json(200, json != null ? json : ephemeralJson(text));
  }

  private static String ephemeralJson(String text) {
    return "{\"response_type\":\"ephemeral\",\"text\":" + JSON.toJson(text) + "}";
  }
}
