package app.tokencheck.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A message the app posted to a {@code response_url}, read back for assertions. */
record Reply(JsonNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Reply parse(String body) {
    try {
      return new Reply(JSON.readTree(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text() {
    return json.path("text").asText();
  }

  String responseType() {
    return json.path("response_type").asText();
  }

  /** Every mrkdwn text in the blocks, in order. */
  List<String> blockTexts() {
    List<String> texts = new ArrayList<>();
    for (JsonNode block : json.path("blocks")) {
      if (block.has("text")) {
        texts.add(block.path("text").path("text").asText());
      }
      for (JsonNode element : block.path("elements")) {
        texts.add(element.path("text").asText());
      }
    }
    return texts;
  }

  String verdict() {
    return blockTexts().get(0);
  }

  /** The check line that starts with {@code mark} and names {@code check}, if any. */
  String checkLine(String check) {
    for (String line : blockTexts().get(1).split("\n")) {
      if (line.contains("*" + check + "*")) {
        return line;
      }
    }
    throw new AssertionError("No check line for " + check + " in " + blockTexts());
  }

  String all() {
    return String.join("\n", blockTexts()) + "\n" + text();
  }
}
