package app.tokencheck.slack;

import app.tokencheck.metrics.CommandMetrics;
import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts answers to a command's {@code response_url} and writes the one event line per command.
 *
 * <p>A failed post is logged once and dropped: Slack allows five posts per URL, and a retry storm
 * would not reach a person whose URL has expired.
 */
final class Replier {
  private static final Logger log = LoggerFactory.getLogger(Replier.class);

  private final Slack slack;
  private final CommandMetrics metrics;
  // One serializer for every post: the SDK's Responder builds a new Gson for each message, which
  // the benchmark showed to be most of a check's allocations.
  private final Gson gson;

  /** Hosts Slack gives response URLs on (commercial Slack and GovSlack). */
  private static final Set<String> SLACK_HOOKS = Set.of("hooks.slack.com", "hooks.slack-gov.com");

  /** The origin of a Slack stand-in set with SLACK_API_URL (a test double or proxy), if any. */
  private final Optional<URI> standIn;

  Replier(Slack slack, CommandMetrics metrics) {
    this.slack = slack;
    this.metrics = metrics;
    this.gson = GsonFactory.createSnakeCase(slack.getConfig());
    this.standIn = standInOrigin(slack.getConfig().getMethodsEndpointUrlPrefix());
  }

  /**
   * True when {@code url} is one Slack could have sent. A reply holds the diagnosis, emails
   * included, so it must not go wherever a request names: a forged request, signed with a leaked
   * signing secret, could otherwise have any person's diagnosis posted to its own server.
   */
  boolean isSlackResponseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getHost() == null) {
      return false;
    }
    if ("https".equals(uri.getScheme())
        && (uri.getPort() == -1 || uri.getPort() == 443)
        && SLACK_HOOKS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      return true;
    }
    return standIn.isPresent()
        && standIn.get().getScheme().equals(uri.getScheme())
        && standIn.get().getHost().equalsIgnoreCase(uri.getHost())
        && standIn.get().getPort() == uri.getPort();
  }

  private static Optional<URI> standInOrigin(String apiPrefix) {
    if (apiPrefix == null || apiPrefix.startsWith("https://slack.com/")) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(apiPrefix);
      return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  void post(String responseUrl, SlashCommandResponse reply) {
    send(responseUrl, reply);
  }

  /** Posts any response body (a command or an action response) to {@code responseUrl}. */
  void send(String responseUrl, Object reply) {
    if (!isSlackResponseUrl(responseUrl)) {
      log.warn("A reply was not sent: its response_url is not one of Slack's");
      return;
    }
    try {
      WebhookResponse response = slack.send(responseUrl, gson.toJson(reply));
      // Posted once, by design (operations.md): a timeout can come after Slack took the reply,
      // and a retry would then show it twice. Known gap: a plain 5xx loses the reply, where one
      // retry would fit within the five posts Slack allows per response_url.
      if (response.getCode() == null || response.getCode() >= 300) {
        log.warn("response_url answered HTTP {}; the reply was not delivered", response.getCode());
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "response_url could not be reached; the reply was not delivered ({})",
          e.getClass().getSimpleName());
    }
  }

  void postText(String responseUrl, String text) {
    post(responseUrl, text(text));
  }

  static SlashCommandResponse text(String text) {
    return SlashCommandResponse.builder().responseType("ephemeral").text(text).build();
  }

  /** The one INFO line per command, and its metric. */
  void logCommand(String user, String action, String outcome, long startNanos) {
    metrics.command(action, outcome);
    log.info(
        "command user={} action={} outcome={} duration_ms={}",
        user,
        action,
        outcome,
        Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
  }
}
