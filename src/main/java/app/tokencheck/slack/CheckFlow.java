package app.tokencheck.slack;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.audit.CheckRecord;
import app.tokencheck.check.TokenCheck;
import app.tokencheck.diagnosis.Diagnosis;
import app.tokencheck.metrics.CommandMetrics;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackDirectory;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.StoreUnavailableException;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.model.block.LayoutBlock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check after its acknowledgement: who may check whom, whom an email names, the diagnosis, the
 * record of it, and the reply.
 */
final class CheckFlow {
  private static final Logger log = LoggerFactory.getLogger(CheckFlow.class);
  private static final Duration LOOKUP_BUDGET = Duration.ofSeconds(5);

  private final TokenCheck tokenCheck;
  private final SlackDirectory directory;
  private final SupportStaff staff;
  private final AuditLog audit;
  private final Replier replier;
  private final CommandMetrics metrics;
  private final Clock clock;
  private final ReplyExtras extras;

  CheckFlow(
      TokenCheck tokenCheck,
      SlackDirectory directory,
      SupportStaff staff,
      AuditLog audit,
      Replier replier,
      CommandMetrics metrics,
      Clock clock,
      ReplyExtras extras) {
    this.tokenCheck = tokenCheck;
    this.directory = directory;
    this.staff = staff;
    this.audit = audit;
    this.replier = replier;
    this.metrics = metrics;
    this.clock = clock;
    this.extras = extras;
  }

  /** Checks {@code target}, or the requester when there is none, and posts the answer. */
  void run(
      String requester, Optional<CommandText.Target> target, String responseUrl, long startNanos) {
    boolean self = target.isEmpty() || target.get().userId().equals(Optional.of(requester));
    String action = self ? "check" : "check_other";
    Optional<String> subject = self ? Optional.of(requester) : target.get().userId();
    String outcome;
    SlashCommandResponse reply;
    try {
      if (!self && !staff.includes(requester)) {
        outcome = "NOT_ALLOWED";
        reply = Replier.text(Replies.notAllowed());
      } else if (subject.isEmpty()) {
        Resolved resolved = resolveEmail(target.get().email().orElseThrow());
        subject = resolved.userId();
        if (subject.isEmpty()) {
          outcome = resolved.outcome();
          reply = Replier.text(resolved.message());
        } else {
          Diagnosis diagnosis = tokenCheck.run(subject.get());
          outcome = diagnosis.cause().code();
          reply = render(diagnosis, requester, startNanos);
        }
      } else {
        Diagnosis diagnosis = tokenCheck.run(subject.get());
        outcome = diagnosis.cause().code();
        reply = render(diagnosis, requester, startNanos);
      }
    } catch (StoreUnavailableException e) {
      log.warn("Check by {} could not read the database", requester, e);
      outcome = "STORE_UNAVAILABLE";
      reply = Replier.text(Replies.storeUnavailable());
    } catch (RuntimeException e) {
      log.error("Check by {} failed", requester, e);
      outcome = "INTERNAL_ERROR";
      reply = Replier.text(Replies.internalError());
    }
    CheckRecord record =
        new CheckRecord(
            clock.instant(),
            requester,
            subject,
            outcome,
            Duration.ofNanos(System.nanoTime() - startNanos));
    // Recorded before replying, so that a history asked for right after the reply includes it.
    // The insert gives up after a second (Database.Bound.SHORT), so a stalled database delays the
    // reply by that, never holds it. When the check has just found the database unavailable, the
    // record would most likely wait in vain: the person hears first.
    boolean storeDown = outcome.equals("STORE_UNAVAILABLE");
    if (!storeDown) {
      record(record);
    }
    replier.post(responseUrl, reply);
    metrics.diagnosed(Duration.ofNanos(System.nanoTime() - startNanos));
    replier.logCommand(requester, action, outcome, startNanos);
    if (storeDown) {
      record(record);
    }
  }

  /** Writes the record; a failure is logged and never keeps the person's reply from them. */
  private void record(CheckRecord record) {
    try {
      audit.record(record);
    } catch (RuntimeException e) {
      log.warn("Could not record a check of outcome {}", record.outcome(), e);
    }
  }

  private SlashCommandResponse render(Diagnosis diagnosis, String viewer, long startNanos) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    List<LayoutBlock> blocks = new ArrayList<>(DiagnosisBlocks.render(diagnosis, elapsed));
    blocks.addAll(extras.after(diagnosis, viewer));
    return SlashCommandResponse.builder()
        .responseType("ephemeral")
        .text(DiagnosisText.render(diagnosis))
        .blocks(blocks)
        .build();
  }

  /** Whom an email names; when nobody, the outcome and message that say so. */
  private record Resolved(Optional<String> userId, String outcome, String message) {}

  private Resolved resolveEmail(String email) {
    Instant deadline = clock.instant().plus(LOOKUP_BUDGET);
    EmailLookup lookup = directory.userByEmail(email, deadline);
    return switch (lookup.outcome()) {
      case FOUND -> new Resolved(lookup.userId(), "", "");
      case NOT_FOUND ->
          new Resolved(Optional.empty(), "SLACK_USER_NOT_FOUND", Replies.noMemberWithEmail(email));
      case MISSING_SCOPE ->
          new Resolved(
              Optional.empty(),
              "SLACK_APP_MISCONFIGURED",
              Replies.emailLookupRefused(lookup.error()));
      case APP_REJECTED ->
          new Resolved(
              Optional.empty(), "SLACK_APP_MISCONFIGURED", Replies.botTokenRefused(lookup.error()));
      default ->
          new Resolved(
              Optional.empty(), "SLACK_UNREACHABLE", Replies.emailLookupUnanswered(lookup.error()));
    };
  }
}
