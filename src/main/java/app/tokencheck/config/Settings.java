package app.tokencheck.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the app reads from its environment, parsed and checked once at start-up.
 *
 * <p>This is the only class that knows environment variable names. Secrets are kept out of {@link
 * #toString()}.
 */
public record Settings(
    String slackBotToken,
    String slackSigningSecret,
    int port,
    URI slackApiUrl,
    URI clearFeedApiUrl,
    Duration clearFeedTimeout,
    Optional<String> databaseUrl,
    Path dataDirectory,
    Optional<String> tokenEncryptionKey,
    Optional<String> previousTokenEncryptionKey,
    Optional<String> slackAppToken,
    LogFormat logFormat,
    List<String> supportStaff,
    Optional<String> clearFeedServiceToken,
    Duration auditRetention) {

  /** How log lines are written. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  static final String SLACK_APP_PAGE = "https://api.slack.com/apps";

  /** Reads settings from {@code env}, failing with one line that names what is wrong. */
  public static Settings fromEnvironment(Map<String, String> env) {
    EnvironmentReader reader = new EnvironmentReader(env);
    return new Settings(
        reader.required(
            "SLACK_BOT_TOKEN",
            "the Bot User OAuth Token (xoxb-…) from "
                + SLACK_APP_PAGE
                + " → your app → OAuth & Permissions"),
        reader.required(
            "SLACK_SIGNING_SECRET",
            "the Signing Secret from " + SLACK_APP_PAGE + " → your app → Basic Information"),
        reader.port("PORT", 3000),
        reader.httpUrl("SLACK_API_URL", "https://slack.com/api/"),
        reader.httpUrl("CLEARFEED_API_URL", "https://api.clearfeed.app"),
        Duration.ofMillis(reader.positiveInt("CLEARFEED_TIMEOUT_MS", 5000)),
        reader.optional("DATABASE_URL"),
        Path.of(reader.optional("DATA_DIR").orElse("data")),
        reader.optional("TOKEN_ENCRYPTION_KEY"),
        reader.optional("TOKEN_ENCRYPTION_KEY_PREVIOUS"),
        reader.appToken("SLACK_APP_TOKEN"),
        reader.choice("LOG_FORMAT", LogFormat.class, LogFormat.TEXT),
        reader.slackIds("SUPPORT_STAFF"),
        reader.optional("CLEARFEED_API_TOKEN"),
        Duration.ofDays(reader.positiveInt("AUDIT_RETENTION_DAYS", 90)));
  }

  /** Settings for tests and tools: everything optional at its default, and Socket Mode off. */
  public static Settings of(
      String slackBotToken,
      String slackSigningSecret,
      URI slackApiUrl,
      URI clearFeedApiUrl,
      Duration clearFeedTimeout,
      Optional<String> databaseUrl,
      Path dataDirectory,
      Optional<String> tokenEncryptionKey) {
    return new Settings(
        slackBotToken,
        slackSigningSecret,
        0,
        slackApiUrl,
        clearFeedApiUrl,
        clearFeedTimeout,
        databaseUrl,
        dataDirectory,
        tokenEncryptionKey,
        Optional.empty(),
        Optional.empty(),
        LogFormat.TEXT,
        List.of(),
        Optional.empty(),
        Duration.ofDays(90));
  }

  /** True when the app connects to Slack over Socket Mode instead of receiving HTTP requests. */
  public boolean socketMode() {
    return slackAppToken.isPresent();
  }

  /** Returns a copy that listens on {@code newPort}; tests use port 0 for a free one. */
  public Settings withPort(int newPort) {
    return copy(c -> c.port = newPort);
  }

  /** Returns a copy that connects over Socket Mode with {@code appToken}. */
  public Settings withSlackAppToken(String appToken) {
    return copy(c -> c.slackAppToken = Optional.of(appToken));
  }

  /** Returns a copy that also reads tokens encrypted with {@code previousKey}. */
  public Settings withPreviousKey(String currentKey, String previousKey) {
    return copy(
        c -> {
          c.tokenEncryptionKey = Optional.of(currentKey);
          c.previousTokenEncryptionKey = Optional.of(previousKey);
        });
  }

  /**
   * Returns a copy with support staff ({@code U…}/{@code W…} users, {@code S…} user groups), the
   * optional workspace-level ClearFeed token, and the audit retention.
   */
  public Settings withStaff(List<String> staff, Optional<String> serviceToken, Duration retention) {
    return copy(
        c -> {
          c.supportStaff = List.copyOf(staff);
          c.clearFeedServiceToken = serviceToken;
          c.auditRetention = retention;
        });
  }

  private Settings copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The fields of a {@code Settings}, open to change while a copy is made. */
  private static final class Copy {
    private final Settings from;
    private int port;
    private Optional<String> tokenEncryptionKey;
    private Optional<String> previousTokenEncryptionKey;
    private Optional<String> slackAppToken;
    private List<String> supportStaff;
    private Optional<String> clearFeedServiceToken;
    private Duration auditRetention;

    Copy(Settings from) {
      this.from = from;
      this.port = from.port;
      this.tokenEncryptionKey = from.tokenEncryptionKey;
      this.previousTokenEncryptionKey = from.previousTokenEncryptionKey;
      this.slackAppToken = from.slackAppToken;
      this.supportStaff = from.supportStaff;
      this.clearFeedServiceToken = from.clearFeedServiceToken;
      this.auditRetention = from.auditRetention;
    }

    Settings build() {
      return new Settings(
          from.slackBotToken,
          from.slackSigningSecret,
          port,
          from.slackApiUrl,
          from.clearFeedApiUrl,
          from.clearFeedTimeout,
          from.databaseUrl,
          from.dataDirectory,
          tokenEncryptionKey,
          previousTokenEncryptionKey,
          slackAppToken,
          from.logFormat,
          supportStaff,
          clearFeedServiceToken,
          auditRetention);
    }
  }

  @Override
  public String toString() {
    return "Settings[port="
        + port
        + ", slackApiUrl="
        + slackApiUrl
        + ", clearFeedApiUrl="
        + clearFeedApiUrl
        + ", clearFeedTimeout="
        + clearFeedTimeout
        + ", database="
        + (databaseUrl.isPresent() ? "DATABASE_URL" : "embedded in " + dataDirectory)
        + ", socketMode="
        + socketMode()
        + ", logFormat="
        + logFormat
        + ", supportStaff="
        + supportStaff
        + ", clearFeedServiceToken="
        + (clearFeedServiceToken.isPresent() ? "set" : "unset")
        + ", auditRetention="
        + auditRetention
        + "]";
  }
}
