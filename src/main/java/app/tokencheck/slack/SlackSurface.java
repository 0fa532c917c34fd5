package app.tokencheck.slack;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.check.TokenCheck;
import app.tokencheck.diagnosis.Check;
import app.tokencheck.handover.HandoverStore;
import app.tokencheck.metrics.CommandMetrics;
import app.tokencheck.slackdirectory.SlackDirectory;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.TokenStore;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.methods.MethodsClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** Puts the app's Slack surface (command, form, buttons) onto a Bolt {@link App}. */
public final class SlackSurface {
  private SlackSurface() {}

  /** The parts the Slack surface talks to. */
  public record Parts(
      TokenCheck tokenCheck,
      SlackDirectory directory,
      SupportStaff staff,
      AuditLog audit,
      TokenStore store,
      MethodsClient methods,
      Slack slack,
      ExecutorService workers,
      Clock clock,
      CommandMetrics metrics,
      Supplier<List<Check>> doctor,
      Duration auditRetention,
      HandoverStore handovers) {}

  public static void register(App app, Parts parts) {
    // Over HTTP, SlackEndpoint times each acknowledgement from the first byte; a Socket Mode
    // request never passes through it, so Bolt's own handling is what can be timed.
    CommandMetrics metrics = parts.metrics();
    app.use(
        (request, response, chain) -> {
          if (!request.isSocketMode()) {
            return chain.next(request);
          }
          long start = System.nanoTime();
          try {
            return chain.next(request);
          } finally {
            metrics.acknowledged(Duration.ofNanos(System.nanoTime() - start));
          }
        });
    Replier replier = new Replier(parts.slack(), parts.metrics());
    HandoverListener handover =
        new HandoverListener(
            parts.handovers(),
            parts.audit(),
            parts.tokenCheck(),
            parts.methods(),
            replier,
            parts.workers(),
            parts.clock());
    handover.register(app);
    CheckFlow checks =
        new CheckFlow(
            parts.tokenCheck(),
            parts.directory(),
            parts.staff(),
            parts.audit(),
            replier,
            parts.metrics(),
            parts.clock(),
            handover);
    HistoryFlow history =
        new HistoryFlow(parts.audit(), parts.staff(), replier, parts.auditRetention());
    new CommandListener(
            checks,
            history,
            parts.doctor(),
            parts.staff(),
            parts.store(),
            parts.methods(),
            replier,
            parts.workers(),
            parts.clock())
        .register(app);
  }
}
