package app.tokencheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the requests Slack would send, signed with the signing secret: slash commands, each with
 * its own {@code response_url}, and submissions of the token form.
 */
final class SlackRequests {
  static final String COMMAND = "/clearfeed-token-check";
  static final String PATH = "/slack/events";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlackSignature.Generator signer;
  private final BenchSlack slack;
  private final AtomicLong ids = new AtomicLong();

  SlackRequests(String signingSecret, BenchSlack slack) {
    this.signer = new SlackSignature.Generator(signingSecret);
    this.slack = slack;
  }

  /** A new command ID; its reply goes to {@code slack.responseUrl(id)}. */
  long nextId() {
    return ids.incrementAndGet();
  }

  /** Sends {@code /clearfeed-token-check} (no text: check my token) as {@code user}. */
  HttpConnection.Result command(HttpConnection connection, long id, String user)
      throws IOException {
    String body =
        "token=bench-verification-token&team_id="
            + BenchSlack.TEAM
            + "&team_domain=bench&channel_id=C0BENCH&channel_name=support&user_id="
            + user
            + "&user_name="
            + user.toLowerCase(java.util.Locale.ROOT)
            + "&command="
            + encode(COMMAND)
            + "&text=&response_url="
            + encode(slack.responseUrl(id))
            + "&trigger_id="
            + id
            + ".42.bench&api_app_id=A0BENCH&is_enterprise_install=false";
    return post(connection, body);
  }

  /** Submits the token form as {@code user}, the way a person stores a token. */
  HttpConnection.Result submitToken(
      HttpConnection connection, long id, String user, String token, String email)
      throws IOException {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("type", "view_submission").put("api_app_id", "A0BENCH").put("token", "bench");
    payload.putObject("team").put("id", BenchSlack.TEAM).put("domain", "bench");
    payload.putObject("user").put("id", user).put("username", user).put("team_id", BenchSlack.TEAM);
    ObjectNode view = payload.putObject("view");
    view.put("id", "V" + id).put("type", "modal").put("callback_id", "clearfeed_token_set");
    view.put(
        "private_metadata",
        JSON.createObjectNode()
            .put("userId", user)
            .put("responseUrl", slack.responseUrl(id))
            .toString());
    ObjectNode values = view.putObject("state").putObject("values");
    values
        .putObject("token")
        .putObject("token")
        .put("type", "plain_text_input")
        .put("value", token);
    values
        .putObject("sign_in_email")
        .putObject("sign_in_email")
        .put("type", "email_text_input")
        .put("value", email);
    return post(connection, "payload=" + encode(payload.toString()));
  }

  private HttpConnection.Result post(HttpConnection connection, String body) throws IOException {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    return connection.postSlack(PATH, timestamp, signer.generate(timestamp, body), body);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
