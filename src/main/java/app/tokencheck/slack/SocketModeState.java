package app.tokencheck.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.socket_mode.SocketModeClient;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the Socket Mode connection can carry commands: open from Slack's {@code hello} on a
 * socket until that socket closes, and again once the SDK has reconnected and been greeted.
 *
 * <p>The SDK keeps no state that can be read without a round trip: {@code verifyConnection()} pings
 * and may wait three seconds, too slow for a health check that a platform polls. Bolt builds its
 * client only when it connects, so {@link #follow} runs after the first socket is open and asks
 * that once.
 */
public final class SocketModeState {
  private final AtomicBoolean open = new AtomicBoolean();
  private final AtomicInteger closes = new AtomicInteger();

  /** True once Slack has greeted the current socket (or it answered a ping), false otherwise. */
  public boolean open() {
    return open.get();
  }

  /**
   * Follows {@code client}'s sockets from now on. Slack may have greeted the first socket before
   * this was called, so this asks the socket once; that takes up to three seconds when it does not
   * answer.
   */
  public void follow(SocketModeClient client) {
    client.addWebSocketMessageListener(
        message -> {
          if (isHello(message)) {
            open.set(true);
          }
        });
    client.addWebSocketCloseListener(
        (code, reason) -> {
          closes.incrementAndGet();
          open.set(false);
        });
    int closedBefore = closes.get();
    if (client.verifyConnection() && closes.get() == closedBefore) {
      open.set(true);
    }
  }

  // Every envelope passes through here, so the cheap test comes first; a person's text that says
  // "hello" still fails the second, which reads only the top-level type.
  static boolean isHello(String message) {
    if (message == null || !message.contains("hello")) {
      return false;
    }
    try {
      JsonElement json = JsonParser.parseString(message);
      return json.isJsonObject()
          && json.getAsJsonObject().has("type")
          && "hello".equals(json.getAsJsonObject().get("type").getAsString());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      return false;
    }
  }
}
