package app.tokencheck.handover;

import java.time.Instant;
import java.util.Optional;

/**
 * A fix a support person hands to the token owner.
 *
 * @param sentAt when the owner was messaged; empty until then
 * @param resolvedAt when the owner's re-check came out OK and the support person was told
 */
public record Handover(
    String id,
    String staffUser,
    String subject,
    String outcome,
    Instant createdAt,
    Optional<Instant> sentAt,
    Optional<Instant> resolvedAt) {}
