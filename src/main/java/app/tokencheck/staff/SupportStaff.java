package app.tokencheck.staff;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may check other people: the members and user groups listed in {@code SUPPORT_STAFF}.
 *
 * <p>User groups are resolved with {@code usergroups.users.list} and kept for a few minutes; when
 * Slack cannot be asked, the last known members stay staff rather than nobody.
 */
public final class SupportStaff {
  private static final Logger log = LoggerFactory.getLogger(SupportStaff.class);

  private final List<String> configured;
  private final MethodsClient methods;
  private final Clock clock;
  private final Duration maxAge;
  private Set<String> members = Set.of();
  private Instant resolvedAt = Instant.MIN;
  private boolean everResolved;

  /**
   * @param configured member IDs ({@code U…}, {@code W…}) and user group IDs ({@code S…})
   */
  public SupportStaff(
      List<String> configured, MethodsClient methods, Clock clock, Duration maxAge) {
    this.configured = List.copyOf(configured);
    this.methods = methods;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** True when {@code userId} is listed, directly or through a user group. */
  public boolean includes(String userId) {
    if (configured.contains(userId)) {
      return true;
    }
    return resolved().members().contains(userId);
  }

  /** Every member the configuration names, with the groups that could not be resolved. */
  public synchronized Resolution resolved() {
    if (everResolved && resolvedAt.plus(maxAge).isAfter(clock.instant())) {
      return new Resolution(members, List.of());
    }
    Set<String> fresh = new HashSet<>();
    List<String> failures = new java.util.ArrayList<>();
    for (String id : configured) {
      if (id.startsWith("S")) {
        fresh.addAll(groupMembers(id, failures));
      } else {
        fresh.add(id);
      }
    }
    if (failures.isEmpty() || !everResolved) {
      members = Set.copyOf(fresh);
      resolvedAt = clock.instant();
      everResolved = failures.isEmpty();
    }
    return new Resolution(members, failures);
  }

  /**
   * The resolved staff.
   *
   * @param failures user groups Slack did not resolve, each with the reason
   */
  public record Resolution(Set<String> members, List<String> failures) {}

  private List<String> groupMembers(String groupId, List<String> failures) {
    try {
      UsergroupsUsersListResponse response = methods.usergroupsUsersList(r -> r.usergroup(groupId));
      if (response.isOk() && response.getUsers() != null) {
        return response.getUsers();
      }
      failures.add(groupId + ": " + response.getError());
    } catch (IOException | SlackApiException | RuntimeException e) {
      failures.add(groupId + ": " + e.getClass().getSimpleName());
    }
    log.warn("Could not resolve the support staff group {}", groupId);
    return List.of();
  }
}
