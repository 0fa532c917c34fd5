package app.tokencheck.bench;

import app.tokencheck.web.WebServer;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The comparator of the benchmark: a Bolt app whose {@code /clearfeed-token-check} only
 * acknowledges, served by the app's own {@link WebServer} with the app's Bolt settings. Whatever
 * the app costs beyond this is the app's own doing; this is the floor the HTTP stack and Bolt set.
 *
 * <p>Reads {@code PORT}, {@code SLACK_SIGNING_SECRET} and {@code SLACK_API_URL} like the app.
 */
public final class BareBoltMain {
  private BareBoltMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String secret = env.get("SLACK_SIGNING_SECRET");
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(env.getOrDefault("SLACK_API_URL", "http://127.0.0.1:9/"));
    App app =
        new App(
            AppConfig.builder()
                .slack(Slack.getInstance(config))
                .signingSecret(secret)
                .singleTeamBotToken(null)
                // As in the app: the web server checks every signature before Bolt sees the
                // request, so Bolt's own check is off in both, and the comparison is like for like.
                .requestVerificationEnabled(false)
                .build());
    app.command(SlackRequests.COMMAND, (request, ctx) -> ctx.ack());
    AtomicBoolean ready = new AtomicBoolean();
    WebServer server =
        new WebServer(
            app,
            secret,
            Integer.parseInt(env.getOrDefault("PORT", "3000")),
            Clock.systemUTC(),
            ready::get);
    server.start();
    ready.set(true);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ready.set(false);
                  try {
                    server.stop();
                  } catch (Exception e) {
                    System.err.println("bare-bolt: stop failed: " + e);
                  }
                },
                "shutdown"));
  }
}
