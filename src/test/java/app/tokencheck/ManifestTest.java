package app.tokencheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks manifest.yml against the app manifest JSON Schema that Slack publishes. */
final class ManifestTest {

  private static final Path MANIFEST = Path.of("manifest.yml");

  /** Copy of slackapi/manifest-schema's schema, version 1; it declares JSON Schema draft-07. */
  private static final String SCHEMA = "/slack/manifest.schema.1.0.0.json";

  private static final String COMMAND = "/clearfeed-token-check";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void manifestValidatesAgainstSlackSchema() throws IOException {
    JsonSchema schema = slackManifestSchema();
    JsonNode manifest = readManifest();

    Set<ValidationMessage> messages = schema.validate(manifest);

    assertThat(messages).extracting(ValidationMessage::getMessage).isEmpty();
  }

  @Test
  void validatorReportsManifestWithoutAppName() throws IOException {
    JsonSchema schema = slackManifestSchema();
    ObjectNode manifest = readManifest().deepCopy();
    ((ObjectNode) manifest.get("display_information")).remove("name");

    Set<ValidationMessage> messages = schema.validate(manifest);

    assertThat(messages).extracting(ValidationMessage::getType).contains("required");
    assertThat(messages)
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("name"));
  }

  @Test
  void validatorReportsAppNameLongerThan35Characters() throws IOException {
    JsonSchema schema = slackManifestSchema();
    ObjectNode manifest = readManifest().deepCopy();
    ((ObjectNode) manifest.get("display_information")).put("name", "x".repeat(36));

    Set<ValidationMessage> messages = schema.validate(manifest);

    assertThat(messages).extracting(ValidationMessage::getType).contains("maxLength");
  }

  @Test
  void manifestDeclaresTokenCheckCommandWithEscapedMentions() throws IOException {
    JsonNode manifest = readManifest();

    JsonNode command = slashCommand(manifest, COMMAND);

    assertThat(command).as("slash command %s", COMMAND).isNotNull();
    assertThat(command.path("should_escape").isBoolean()).isTrue();
    assertThat(command.path("should_escape").booleanValue()).isTrue();
    assertThat(command.path("usage_hint").asText())
        .isEqualTo("[@someone | set | forget | history | doctor | help]");
    assertThat(command.path("url").asText()).endsWith("/slack/events");
  }

  @Test
  void manifestRequestsOnlyCommandsAndUserReadingBotScopes() throws IOException {
    JsonNode manifest = readManifest();

    List<String> scopes = texts(manifest.path("oauth_config").path("scopes").path("bot"));

    assertThat(scopes)
        .containsExactlyInAnyOrderElementsOf(app.tokencheck.doctor.Doctor.NEEDED_SCOPES);
  }

  @Test
  void interactivityIsEnabledAtTheSameUrlAsTheCommand() throws IOException {
    JsonNode manifest = readManifest();

    JsonNode interactivity = manifest.path("settings").path("interactivity");
    JsonNode command = slashCommand(manifest, COMMAND);

    assertThat(command).as("slash command %s", COMMAND).isNotNull();
    assertThat(interactivity.path("is_enabled").booleanValue()).isTrue();
    assertThat(interactivity.path("request_url").asText())
        .isNotEmpty()
        .isEqualTo(command.path("url").asText());
  }

  private static JsonNode readManifest() throws IOException {
    return YAML.readTree(MANIFEST.toFile());
  }

  private static JsonSchema slackManifestSchema() throws IOException {
    try (InputStream in = ManifestTest.class.getResourceAsStream(SCHEMA)) {
      assertThat(in).as("test resource %s", SCHEMA).isNotNull();
      // Slack's schema carries two keywords that draft-07 does not define: "_note" (a comment)
      // and "regex" (informative only). Declaring them keeps the validator from warning.
      JsonMetaSchema draft7 =
          JsonMetaSchema.builder(JsonMetaSchema.getV7())
              .keyword(new NonValidationKeyword("_note"))
              .keyword(new NonValidationKeyword("regex"))
              .build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, b -> b.metaSchema(draft7))
          .getSchema(in);
    }
  }

  private static JsonNode slashCommand(JsonNode manifest, String name) {
    for (JsonNode command : manifest.path("features").path("slash_commands")) {
      if (name.equals(command.path("command").asText())) {
        return command;
      }
    }
    return null;
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return result;
  }
}
