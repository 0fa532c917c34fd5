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
        text = render(Optional.empty(), audit.involving(requester, LIMIT));
      } else if (!staff.includes(requester)) {
        outcome = "NOT_ALLOWED";
        text = Replies.notAllowed();
      } else if (target.get().userId().isEmpty()) {
        outcome = "USAGE";
        text = Replies.historyNeedsMember();
      } else {
        String subject = target.get().userId().get();
        text = render(Optional.of(subject), audit.about(subject, LIMIT));
      }
    } catch (StoreUnavailableException e) {
      log.warn("history for {} could not read the database", requester, e);
      outcome = "STORE_UNAVAILABLE";
      text = Replies.storeUnavailable();
    }
    replier.postText(responseUrl, text);
    replier.logCommand(requester, "history", outcome, start);
  }

  /** The checks of {@code subject}, or the requester's own when empty. */
  private String render(Optional<String> subject, List<CheckRecord> records) {
    String whose = subject.map(s -> "<@" + s + ">").orElse("");
    if (records.isEmpty()) {
      long days = retention.toDays();
      return (subject.isEmpty() ? "You have" : whose + " has")
          + " no checks in the last "
          + (days == 1 ? "day" : days + " days")
          + ".";
    }
    int count = records.size();
    String header;
    if (subject.isEmpty()) {
      header = count == 1 ? "Your last check" : "Your last " + count + " checks, newest first";
    } else {
      header =
          count == 1
              ? "The last check of " + whose
              : "The last " + count + " checks of " + whose + ", newest first";
    }
    StringBuilder text = new StringBuilder("*" + header + "*");
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
