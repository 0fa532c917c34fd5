package app.tokencheck.clearfeed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the two ClearFeed bodies the client looks into, with Jackson's streaming parser.
 *
 * <p>Two fields of two small bodies do not need a tree or data binding; the streaming layer alone
 * keeps Jackson's databind module, about 400 classes, out of the running app.
 */
final class ClearFeedJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ClearFeedJson() {}

  /** The {@code error} of an error body such as {@code {"error": "FORBIDDEN"}}; else empty. */
  static String errorCode(String body) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      return toField(parser, "error") ? parser.getValueAsString("") : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** True when {@code body} is a JSON object whose {@code field} is a list. */
  static boolean hasList(String body, String field) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      return toField(parser, field) && parser.currentToken() == JsonToken.START_ARRAY;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Moves {@code parser} to the value of the top-level {@code field}; false when the body is not an
   * object or has no such field.
   */
  private static boolean toField(JsonParser parser, String field) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      if (name.equals(field)) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  /**
   * The entry for {@code slackUserId} in a {@code {"users": [...]}} body, or empty when the list
   * does not hold it.
   *
   * @throws IOException when the body is not JSON or has no {@code users} list: then nothing can be
   *     said about the person, which differs from a list without them
   */
  static Optional<ClearFeedUser> user(String body, String slackUserId) throws IOException {
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "a JSON object was expected");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("users") && value == JsonToken.START_ARRAY) {
          return find(parser, slackUserId);
        }
        parser.skipChildren();
      }
      throw new JsonParseException(parser, "no users list");
    }
  }

  private static Optional<ClearFeedUser> find(JsonParser parser, String slackUserId)
      throws IOException {
    JsonToken entry;
    while ((entry = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (entry == null) {
        throw new JsonParseException(parser, "the users list ends early");
      }
      if (entry != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      ClearFeedUser user = readUser(parser);
      if (user.id().equals(slackUserId)) {
        return Optional.of(user);
      }
    }
    return Optional.empty();
  }

  /** One user object, the parser on its start; unknown fields are skipped. */
  private static ClearFeedUser readUser(JsonParser parser) throws IOException {
    String id = "";
    String name = "";
    String email = "";
    boolean deleted = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (parser.nextToken().isStructStart()) {
        parser.skipChildren();
        continue;
      }
      switch (field) {
        case "id" -> id = parser.getValueAsString("");
        case "name" -> name = parser.getValueAsString("");
        case "email" -> email = parser.getValueAsString("");
        case "deleted" -> deleted = parser.getValueAsBoolean(false);
        default -> {
          // A scalar of a field the app does not read.
        }
      }
    }
    return new ClearFeedUser(
        id, name, email.isBlank() ? Optional.empty() : Optional.of(email), deleted);
  }
}
