package app.tokencheck.slack;

import app.tokencheck.audit.AuditLog;
import app.tokencheck.audit.CheckRecord;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.StoreUnavailableException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code history}: the caller's recent checks, or for support staff someone else's. */
final class HistoryFlow {
  private static final Logger log = LoggerFactory.getLogger(HistoryFlow.class);
  private static final int LIMIT = 10;
  private static final DateTimeFormatter FALLBACK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final AuditLog audit;
  private final SupportStaff staff;
  private final Replier replier;
  private final Duration retention;

  HistoryFlow(AuditLog audit, SupportStaff staff, Replier replier, Duration retention) {
    this.audit = audit;
    this.staff = staff;
    this.replier = replier;
    this.retention = retention;
  }

  void run(String requester, Optional<CommandText.Target> target, String responseUrl, long start) {
    String outcome = "HISTORY";
    String text;
    try {
      if (target.isEmpty() || target.get().userId().equals(Optional.of(requester))) {
        text = render("your checks", "You have no checks", audit.involving(requester, LIMIT));
      } else if (!staff.includes(requester)) {
        outcome = "NOT_ALLOWED";
        text = Replies.notAllowed();
      } else if (target.get().userId().isEmpty()) {
        outcome = "USAGE";
        text = Replies.historyNeedsMember();
      } else {
        String subject = target.get().userId().get();
        text =
            render(
                "checks of <@" + subject + ">",
                "<@" + subject + "> has no checks",
                audit.about(subject, LIMIT));
      }
    } catch (StoreUnavailableException e) {
      log.warn("history for {} could not read the database", requester, e);
      outcome = "STORE_UNAVAILABLE";
      text = Replies.storeUnavailable();
    }
    replier.postText(responseUrl, text);
    replier.logCommand(requester, "history", outcome, start);
  }

  private String render(String what, String none, List<CheckRecord> records) {
    if (records.isEmpty()) {
      return none + " in the last " + retention.toDays() + " days.";
    }
    StringBuilder text =
        new StringBuilder("*Last " + records.size() + " " + what + ", newest first*");
    for (CheckRecord record : records) {
      text.append("\n• <!date^")
          .append(record.checkedAt().getEpochSecond())
          .append("^{date_short_pretty} {time}|")
          .append(FALLBACK.format(record.checkedAt()))
          .append("> · `")
          .append(record.outcome())
          .append("` · ")
          .append(record.subject().map(s -> "<@" + s + ">").orElse("an unknown email"))
          .append(" · asked by <@")
          .append(record.requestedBy())
          .append("> · ")
          .append(record.duration().toMillis())
          .append(" ms");
    }
    return text.toString();
  }
}
