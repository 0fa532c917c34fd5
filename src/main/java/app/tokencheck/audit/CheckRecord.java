package app.tokencheck.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One check as the record keeps it.
 *
 * @param subject whose token was checked; empty when an email matched no Slack member
 * @param outcome the cause code, or a refusal such as {@code NOT_ALLOWED}
 */
public record CheckRecord(
    Instant checkedAt,
    String requestedBy,
    Optional<String> subject,
    String outcome,
    Duration duration) {}
