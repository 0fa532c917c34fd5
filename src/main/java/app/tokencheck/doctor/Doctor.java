package app.tokencheck.doctor;

import app.tokencheck.clearfeed.ClearFeedClient;
import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.diagnosis.Check;
import app.tokencheck.diagnosis.Mark;
import app.tokencheck.slackdirectory.SlackDirectory;
import app.tokencheck.slackdirectory.Workspace;
import app.tokencheck.staff.SupportStaff;
import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** {@code doctor}: checks the app's own set-up, one line each, in the same form as a diagnosis. */
public final class Doctor implements Supplier<List<Check>> {
  /** Every bot scope a feature of the app calls for; manifest.yml lists the same. */
  public static final Set<String> NEEDED_SCOPES =
      Set.of("commands", "users:read", "users:read.email", "usergroups:read", "chat:write");

  private static final String PROBE_TOKEN = "clearfeed-token-check-doctor-probe";
  private static final String CHECK_URL =
      "check CLEARFEED_API_URL (ClearFeed's is https://api.clearfeed.app, used when it is unset)";

  private final SlackDirectory directory;
  private final ClearFeedClient clearFeed;
  private final Database database;
  private final TokenStore store;
  private final Optional<String> serviceToken;
  private final SupportStaff staff;
  private final Clock clock;

  public Doctor(
      SlackDirectory directory,
      ClearFeedClient clearFeed,
      Database database,
      TokenStore store,
      Optional<String> serviceToken,
      SupportStaff staff,
      Clock clock) {
    this.directory = directory;
    this.clearFeed = clearFeed;
    this.database = database;
    this.store = store;
    this.serviceToken = serviceToken;
    this.staff = staff;
    this.clock = clock;
  }

  @Override
  public List<Check> get() {
    Workspace workspace = directory.workspace(clock.instant().plus(Duration.ofSeconds(5)));
    return List.of(
        botToken(workspace),
        scopes(workspace),
        clearFeedApi(),
        database(),
        encryptionKey(),
        serviceToken(),
        supportStaff());
  }

  private static Check botToken(Workspace workspace) {
    String name = "Slack bot token";
    if (workspace.tokenRejected()) {
      return new Check(
          name,
          Mark.FAIL,
          "Slack refused SLACK_BOT_TOKEN ("
              + workspace.failure().orElseThrow().detail()
              + "): reinstall the app and copy its Bot User OAuth Token");
    }
    if (workspace.failure().isPresent()) {
      return new Check(
          name,
          Mark.UNKNOWN,
          "Slack did not answer auth.test (" + workspace.failure().get().detail() + ")");
    }
    return new Check(
        name, Mark.PASS, "auth.test accepts it, for workspace " + workspace.teamId().orElse("?"));
  }

  private static Check scopes(Workspace workspace) {
    String name = "Bot scopes";
    if (workspace.scopes().isEmpty()) {
      return new Check(name, Mark.UNKNOWN, "Slack did not list the granted scopes");
    }
    Set<String> missing = new TreeSet<>(NEEDED_SCOPES);
    missing.removeAll(workspace.scopes().get());
    if (missing.isEmpty()) {
      return new Check(name, Mark.PASS, "All granted: " + new TreeSet<>(NEEDED_SCOPES));
    }
    return new Check(
        name,
        Mark.FAIL,
        "Missing "
            + String.join(", ", missing)
            + ": add them under OAuth & Permissions, then reinstall the app (scopes take effect"
            + " only after reinstalling)");
  }

  /**
   * Sends a made-up token, which ClearFeed's API refuses with 401, or with its 403 FORBIDDEN body
   * (documented for invalid tokens too); any other answer means a wrong URL or a ClearFeed fault.
   */
  private Check clearFeedApi() {
    String name = "ClearFeed API";
    TokenProbe probe = clearFeed.probe(PROBE_TOKEN);
    String status = "HTTP " + probe.status();
    return switch (probe.outcome()) {
      case REJECTED, FORBIDDEN_SLACK_PROFILE ->
          new Check(
              name,
              Mark.PASS,
              "Answers at CLEARFEED_API_URL (" + status + " to a made-up token, as expected)");
      case TIMED_OUT -> new Check(name, Mark.FAIL, "No answer in time from CLEARFEED_API_URL");
      case CONNECTION_FAILED -> new Check(name, Mark.FAIL, "CLEARFEED_API_URL cannot be reached");
      case SERVER_ERROR ->
          new Check(
              name,
              Mark.WARN,
              "Answers with "
                  + status
                  + ", a server error: ClearFeed may be having trouble; if it lasts, check"
                  + " CLEARFEED_API_URL");
      case RATE_LIMITED ->
          new Check(
              name,
              Mark.UNKNOWN,
              "Answers with " + status + " (too many requests): run doctor again in a minute");
      case ACCEPTED ->
          new Check(
              name,
              Mark.FAIL,
              "Accepts a made-up token ("
                  + status
                  + "), which ClearFeed's API never does: "
                  + CHECK_URL);
      case FORBIDDEN_OTHER ->
          new Check(
              name,
              Mark.WARN,
              "Answers with "
                  + status
                  + ", but not in ClearFeed's form (a proxy may be in the way): "
                  + CHECK_URL);
      case UNEXPECTED_STATUS ->
          new Check(
              name,
              Mark.FAIL,
              "Answers with " + status + " where ClearFeed's API answers 401: " + CHECK_URL);
      case NOT_RUN -> new Check(name, Mark.UNKNOWN, "Not checked");
    };
  }

  private Check database() {
    String name = "Database";
    if (!database.reachable()) {
      return new Check(name, Mark.FAIL, "Cannot be reached: check DATABASE_URL");
    }
    int pending = database.pendingMigrations();
    return pending == 0
        ? new Check(name, Mark.PASS, "Reachable, every migration applied")
        : new Check(name, Mark.FAIL, pending + " migration(s) not applied: restart the app");
  }

  private Check encryptionKey() {
    String name = "Encryption key";
    try {
      TokenStore.KeyCheck check = store.keyCheck(20);
      if (check.checked() == 0) {
        return new Check(name, Mark.UNKNOWN, "No token is stored yet, so nothing to decrypt");
      }
      if (check.unreadable() == 0) {
        return new Check(
            name, Mark.PASS, "Decrypts the " + check.checked() + " newest stored token(s)");
      }
      return new Check(
          name,
          Mark.FAIL,
          check.unreadable()
              + " of the "
              + check.checked()
              + " newest tokens cannot be decrypted: the key changed without a rotation");
    } catch (RuntimeException e) {
      return new Check(name, Mark.UNKNOWN, "Could not read stored tokens");
    }
  }

  private Check serviceToken() {
    String name = "Workspace ClearFeed token";
    if (serviceToken.isEmpty()) {
      return new Check(
          name,
          Mark.UNKNOWN,
          "CLEARFEED_API_TOKEN is not set (optional: it explains a 403 from ClearFeed's side)");
    }
    TokenProbe probe = clearFeed.probe(serviceToken.get());
    return switch (probe.outcome()) {
      case ACCEPTED -> new Check(name, Mark.PASS, "CLEARFEED_API_TOKEN is accepted");
      case REJECTED ->
          new Check(name, Mark.FAIL, "ClearFeed rejects CLEARFEED_API_TOKEN (HTTP 401)");
      case FORBIDDEN_SLACK_PROFILE, FORBIDDEN_OTHER ->
          new Check(
              name,
              Mark.FAIL,
              "ClearFeed answers 403 to CLEARFEED_API_TOKEN: its owner has no matching Slack"
                  + " profile");
      default ->
          new Check(
              name,
              Mark.UNKNOWN,
              "ClearFeed did not say ("
                  + probe.outcome().name().toLowerCase(java.util.Locale.ROOT)
                  + ")");
    };
  }

  private Check supportStaff() {
    String name = "Support staff";
    SupportStaff.Resolution resolution = staff.resolved();
    if (!resolution.failures().isEmpty()) {
      return new Check(
          name,
          resolution.members().isEmpty() ? Mark.FAIL : Mark.WARN,
          "Could not resolve " + String.join("; ", resolution.failures()));
    }
    if (resolution.members().isEmpty()) {
      return new Check(
          name,
          Mark.FAIL,
          "SUPPORT_STAFF names nobody: only self-checks are possible until it lists people or"
              + " user groups");
    }
    return new Check(name, Mark.PASS, resolution.members().size() + " person(s) may check others");
  }
}
