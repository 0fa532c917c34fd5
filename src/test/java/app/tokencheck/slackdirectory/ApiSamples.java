package app.tokencheck.slackdirectory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Slack's published sample responses (java-slack-sdk's {@code json-logs/samples/api}), in which
 * every field is present with a placeholder value; tests fill in what a scenario needs.
 */
final class ApiSamples {
  static final ObjectMapper JSON = new ObjectMapper();

  private ApiSamples() {}

  /** A fresh copy of the sample for {@code method}, such as {@code users.info}. */
  static ObjectNode load(String method) {
    String resource = "/slack/api-samples/" + method + ".json";
    try (InputStream in = ApiSamples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No sample " + resource + " on the test classpath");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample for {@code method} answering {@code ok: true}, without the error fields. */
  static ObjectNode ok(String method) {
    ObjectNode body = load(method);
    body.put("ok", true);
    body.remove(List.of("error", "needed", "provided", "warning"));
    return body;
  }
}
