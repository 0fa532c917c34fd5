package app.tokencheck.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.audit.CheckRecord;
import app.tokencheck.check.TokenCheck;
import app.tokencheck.diagnosis.Actor;
import app.tokencheck.diagnosis.Cause;
import app.tokencheck.diagnosis.Diagnosis;
import app.tokencheck.diagnosis.FixStep;
import app.tokencheck.handover.Handover;
import app.tokencheck.handover.HandoverStore;
import app.tokencheck.logging.Correlation;
import app.tokencheck.tokenstore.StoreUnavailableException;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.ButtonElement;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a fix from a support person to the token owner: a button under the support person's reply
 * sends the owner a direct message with their steps and a Re-check button; when the re-check comes
 * out OK, the support person hears of it once. Fixes that belong to an admin come as text ready to
 * paste.
 */
final class HandoverListener implements ReplyExtras {
  static final String SEND = "handover_send";
  static final String RECHECK = "handover_recheck";
  private static final Logger log = LoggerFactory.getLogger(HandoverListener.class);

  private final HandoverStore store;
  private final AuditLog audit;
  private final TokenCheck tokenCheck;
  private final MethodsClient methods;
  private final Replier replier;
  private final ExecutorService workers;
  private final Clock clock;

  HandoverListener(
      HandoverStore store,
      AuditLog audit,
      TokenCheck tokenCheck,
      MethodsClient methods,
      Replier replier,
      ExecutorService workers,
      Clock clock) {
    this.store = store;
    this.audit = audit;
    this.tokenCheck = tokenCheck;
    this.methods = methods;
    this.replier = replier;
    this.workers = workers;
    this.clock = clock;
  }

  void register(App app) {
    app.blockAction(SEND, (request, ctx) -> onClick(request, ctx, "handover_send", this::send));
    app.blockAction(
        RECHECK, (request, ctx) -> onClick(request, ctx, "handover_recheck", this::recheck));
  }

  @Override
  public List<LayoutBlock> after(Diagnosis diagnosis, String viewer) {
    if (viewer.equals(diagnosis.slackUserId()) || diagnosis.cause() == Cause.OK) {
      return List.of();
    }
    List<LayoutBlock> blocks = new ArrayList<>();
    if (stepsOf(diagnosis, Actor.TOKEN_OWNER).size() > 0) {
      try {
        Handover handover =
            store.create(
                viewer, diagnosis.slackUserId(), diagnosis.cause().code(), clock.instant());
        blocks.add(button(SEND, "Send the fix to the token owner", handover, "primary"));
      } catch (StoreUnavailableException e) {
        log.warn("Could not offer a hand-over", e);
      }
    }
    for (Actor admin : List.of(Actor.SLACK_ADMIN, Actor.CLEARFEED_ADMIN)) {
      List<FixStep> steps = stepsOf(diagnosis, admin);
      if (!steps.isEmpty()) {
        blocks.add(
            section(
                s ->
                    s.text(
                        markdownText(
                            "*Text for "
                                + admin.label().toLowerCase(java.util.Locale.ROOT)
                                + "*, ready to paste:\n```"
                                + Mrkdwn.escape(pasteText(diagnosis, steps))
                                + "```"))));
      }
    }
    return blocks;
  }

  /** A message for an admin: who, what, and their steps. No token, no email. */
  static String pasteText(Diagnosis diagnosis, List<FixStep> steps) {
    StringBuilder text =
        new StringBuilder("ClearFeed token check for Slack member ")
            .append(diagnosis.slackUserId())
            .append(": ")
            .append(diagnosis.cause().code())
            .append(" (")
            .append(diagnosis.headline())
            .append(").\nCould you please:");
    for (int i = 0; i < steps.size(); i++) {
      FixStep step = steps.get(i);
      text.append('\n').append(i + 1).append(". ").append(step.instruction().replace("`", ""));
      step.link().ifPresent(link -> text.append(" (").append(link.url()).append(')'));
    }
    return text.toString();
  }

  private static List<FixStep> stepsOf(Diagnosis diagnosis, Actor actor) {
    return diagnosis.steps().stream().filter(s -> s.actor() == actor).toList();
  }

  /** One button's work, after the acknowledgement. */
  @FunctionalInterface
  private interface Click {
    void run(String user, Handover handover, String responseUrl, long start);
  }

  private Response onClick(
      BlockActionRequest request, ActionContext ctx, String action, Click click) {
    long start = System.nanoTime();
    BlockActionPayload payload = request.getPayload();
    String user = payload.getUser().getId();
    String id =
        payload.getActions() == null || payload.getActions().isEmpty()
            ? ""
            : payload.getActions().get(0).getValue();
    String responseUrl = payload.getResponseUrl();
    Correlation.start();
    try {
      workers.execute(
          Correlation.carry(
              () -> {
                try {
                  Optional<Handover> handover = store.find(id == null ? "" : id);
                  if (handover.isEmpty()) {
                    reply(responseUrl, "This button has expired.", false);
                    replier.logCommand(user, "handover", "UNKNOWN_HANDOVER", start);
                  } else {
                    click.run(user, handover.get(), responseUrl, start);
                  }
                } catch (StoreUnavailableException e) {
                  log.warn("A hand-over click could not reach the database", e);
                  reply(responseUrl, Replies.storeUnavailable(), false);
                  replier.logCommand(user, "handover", "STORE_UNAVAILABLE", start);
                } catch (RuntimeException e) {
                  // The same answer as a failed check: the person hears something, the log
                  // gets the trace.
                  log.error("{} by {} failed", action, user, e);
                  reply(responseUrl, Replies.internalError(), false);
                  replier.logCommand(user, action, "INTERNAL_ERROR", start);
                }
              }));
    } catch (RejectedExecutionException e) {
      // Known gap: this post runs before the acknowledgement, so a slow Slack can push the ack of
      // a click past 3 s while the workers are full.
      reply(responseUrl, Replies.busy(), false);
    } finally {
      Correlation.end();
    }
    return ctx.ack();
  }

  private void send(String user, Handover handover, String responseUrl, long start) {
    if (!user.equals(handover.staffUser())) {
      reply(responseUrl, "Only the person who ran the check can send this fix.", false);
      replier.logCommand(user, "handover_send", "NOT_YOURS", start);
      return;
    }
    // Claimed before sending, so that two quick clicks send one message; given back when the
    // message does not go out, so that a click after the fix (a scope added, say) sends it.
    if (!store.markSent(handover.id(), clock.instant())) {
      reply(responseUrl, "Already sent to <@" + handover.subject() + ">.", false);
      replier.logCommand(user, "handover_send", "ALREADY_SENT", start);
      return;
    }
    boolean delivered = false;
    Diagnosis diagnosis;
    try {
      long checkStart = System.nanoTime();
      diagnosis = tokenCheck.run(handover.subject());
      record(user, handover.subject(), diagnosis, checkStart);
      delivered = directMessage(handover, diagnosis);
    } finally {
      if (!delivered) {
        unmarkSent(handover);
      }
    }
    String subject = "<@" + handover.subject() + ">";
    String text;
    if (!delivered) {
      text =
          "Slack did not deliver the message to "
              + subject
              + ". Nothing was sent; click the button again to retry. If it keeps failing, whoever"
              + " runs this app can see Slack's reason in its log.";
    } else if (diagnosis.cause() == Cause.OK) {
      text = "Told " + subject + " that their token works now, so they have nothing to do.";
    } else {
      text = "Sent " + subject + " their steps, with a Re-check button.";
    }
    reply(responseUrl, text, false);
    replier.logCommand(user, "handover_send", delivered ? "SENT" : "DM_FAILED", start);
  }

  /**
   * The check a click ran is a check like any other, kept in the record of checks. A database that
   * cannot take it is logged by {@link AuditLog#record} and does not stop the message.
   */
  private void record(String requester, String subject, Diagnosis diagnosis, long startNanos) {
    audit.record(
        new CheckRecord(
            clock.instant(),
            requester,
            Optional.of(subject),
            diagnosis.cause().code(),
            Duration.ofNanos(System.nanoTime() - startNanos)));
  }

  private void unmarkSent(Handover handover) {
    try {
      store.unmarkSent(handover.id());
    } catch (StoreUnavailableException e) {
      log.warn("A hand-over that was not delivered stays marked as sent", e);
    }
  }

  private boolean directMessage(Handover handover, Diagnosis diagnosis) {
    String text =
        "<@"
            + handover.staffUser()
            + "> checked your ClearFeed token: *"
            + diagnosis.cause().code()
            + "* — "
            + Mrkdwn.escape(diagnosis.headline());
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(text))));
    blocks.add(section(s -> s.text(markdownText(ownerSteps(diagnosis)))));
    // A token that works has nothing left to re-check.
    if (diagnosis.cause() != Cause.OK) {
      blocks.add(button(RECHECK, "Re-check", handover, null));
    }
    try {
      ChatPostMessageResponse response =
          methods.chatPostMessage(
              r ->
                  r.channel(handover.subject())
                      .text(DiagnosisText.render(diagnosis))
                      .blocks(blocks));
      if (!response.isOk()) {
        log.warn("chat.postMessage to the token owner failed: {}", response.getError());
      }
      return response.isOk();
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.warn("chat.postMessage to the token owner failed ({})", e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * What the token owner is asked to do, from a check run when the button was clicked: it may have
   * come out differently from the one the support person saw.
   */
  private static String ownerSteps(Diagnosis diagnosis) {
    if (diagnosis.cause() == Cause.OK) {
      return "Your token works now, so there is nothing for you to do.";
    }
    List<FixStep> own = stepsOf(diagnosis, Actor.TOKEN_OWNER);
    if (!own.isEmpty()) {
      return "*Your steps*\n" + bullets(own);
    }
    // Anyone's steps (wait, run the check again) are the owner's too.
    List<FixStep> anyone = stepsOf(diagnosis, Actor.ANYONE);
    List<String> admins =
        diagnosis.steps().stream()
            .map(FixStep::actor)
            .filter(a -> a == Actor.SLACK_ADMIN || a == Actor.CLEARFEED_ADMIN)
            .distinct()
            .map(a -> Character.toLowerCase(a.label().charAt(0)) + a.label().substring(1))
            .toList();
    if (admins.isEmpty()) {
      // The "could not tell" causes, which the headline names.
      return anyone.isEmpty()
          ? "The check found nothing for you to change."
          : "*What to do*\n" + bullets(anyone);
    }
    return "Nothing for you to change: "
        + String.join(" and ", admins)
        + (admins.size() == 1 ? " has" : " have")
        + " steps to take."
        + (anyone.isEmpty() ? "" : "\n" + bullets(anyone));
  }

  private static String bullets(List<FixStep> steps) {
    return steps.stream()
        .map(s -> "• " + Mrkdwn.escape(s.instruction()) + link(s))
        .collect(Collectors.joining("\n"));
  }

  private void recheck(String user, Handover handover, String responseUrl, long start) {
    if (!user.equals(handover.subject())) {
      reply(responseUrl, "Only <@" + handover.subject() + "> can re-check this token.", false);
      replier.logCommand(user, "handover_recheck", "NOT_YOURS", start);
      return;
    }
    Diagnosis diagnosis = tokenCheck.run(user);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<LayoutBlock> blocks = new ArrayList<>(DiagnosisBlocks.render(diagnosis, elapsed));
    if (diagnosis.cause() != Cause.OK) {
      blocks.add(button(RECHECK, "Re-check", handover, null));
    }
    // Recorded and resolved before the reply goes out: whoever sees the reply can rely on the
    // record and on the support person having been told.
    audit.record(
        new CheckRecord(
            clock.instant(), user, Optional.of(user), diagnosis.cause().code(), elapsed));
    if (diagnosis.cause() == Cause.OK && store.markResolved(handover.id(), clock.instant())) {
      tellStaff(handover);
    }
    send(
        responseUrl,
        ActionResponse.builder()
            .replaceOriginal(true)
            .text(DiagnosisText.render(diagnosis))
            .blocks(blocks)
            .build());
    replier.logCommand(user, "handover_recheck", diagnosis.cause().code(), start);
  }

  private void tellStaff(Handover handover) {
    String text =
        "✅ <@"
            + handover.subject()
            + "> re-checked their ClearFeed token after your hand-over: OK.";
    try {
      ChatPostMessageResponse response =
          methods.chatPostMessage(r -> r.channel(handover.staffUser()).text(text));
      if (!response.isOk()) {
        log.warn("Could not tell the support person: {}", response.getError());
      }
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.warn("Could not tell the support person ({})", e.getClass().getSimpleName());
    }
  }

  private void reply(String responseUrl, String text, boolean replace) {
    send(
        responseUrl,
        ActionResponse.builder()
            .responseType("ephemeral")
            .replaceOriginal(replace)
            .text(text)
            .build());
  }

  private void send(String responseUrl, ActionResponse response) {
    if (responseUrl != null) {
      replier.send(responseUrl, response);
    }
  }

  /** An actions block with one button that carries the hand-over's ID. */
  private static LayoutBlock button(
      String actionId, String label, Handover handover, String style) {
    return actions(
        a ->
            a.elements(
                List.of(
                    ButtonElement.builder()
                        .actionId(actionId)
                        .text(plainText(label))
                        .value(handover.id())
                        .style(style)
                        .build())));
  }

  private static String link(FixStep step) {
    return step.link().map(l -> " <" + l.url() + "|" + Mrkdwn.escape(l.label()) + ">").orElse("");
  }
}
