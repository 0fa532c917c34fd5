package app.tokencheck.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    return new Settings(
        slackBotToken,
        slackSigningSecret,
        newPort,
        slackApiUrl,
        clearFeedApiUrl,
        clearFeedTimeout,
        databaseUrl,
        dataDirectory,
        tokenEncryptionKey,
        previousTokenEncryptionKey,
        slackAppToken,
        logFormat,
        supportStaff,
        clearFeedServiceToken,
        auditRetention);
  }

  /** Returns a copy that connects over Socket Mode with {@code appToken}. */
  public Settings withSlackAppToken(String appToken) {
    return new Settings(
        slackBotToken,
        slackSigningSecret,
        port,
        slackApiUrl,
        clearFeedApiUrl,
        clearFeedTimeout,
        databaseUrl,
        dataDirectory,
        tokenEncryptionKey,
        previousTokenEncryptionKey,
        Optional.of(appToken),
        logFormat,
        supportStaff,
        clearFeedServiceToken,
        auditRetention);
  }

  /** Returns a copy that also reads tokens encrypted with {@code previousKey}. */
  public Settings withPreviousKey(String currentKey, String previousKey) {
    return new Settings(
        slackBotToken,
        slackSigningSecret,
        port,
        slackApiUrl,
        clearFeedApiUrl,
        clearFeedTimeout,
        databaseUrl,
        dataDirectory,
        Optional.of(currentKey),
        Optional.of(previousKey),
        slackAppToken,
        logFormat,
        supportStaff,
        clearFeedServiceToken,
        auditRetention);
  }

  /**
   * Returns a copy with support staff ({@code U…}/{@code W…} users, {@code S…} user groups), the
   * optional workspace-level ClearFeed token, and the audit retention.
   */
  public Settings withStaff(List<String> staff, Optional<String> serviceToken, Duration retention) {
    return new Settings(
        slackBotToken,
        slackSigningSecret,
        port,
        slackApiUrl,
        clearFeedApiUrl,
        clearFeedTimeout,
        databaseUrl,
        dataDirectory,
        tokenEncryptionKey,
        previousTokenEncryptionKey,
        slackAppToken,
        logFormat,
        List.copyOf(staff),
        serviceToken,
        retention);
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
