package app.tokencheck.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token form opened by {@code set}: it shows the sign-in email saved before, so that saving a
 * new token keeps that email unless the person clears it.
 */
final class TokenFormEndToEndTest {
  private static final String ADA = "U0ADA";
  private static final String SIGN_IN_EMAIL = "ada.lovelace@example.org";
  private static final String TOKEN = "cf_pat_live_7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e";
  private static final String NEW_TOKEN = "cf_pat_renewed_00000000000000000000abcd";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path databaseFiles;
  private FakeSlack slack;
  private FakeClearFeed clearFeed;
  private AppUnderTest app;
  private Server databaseServer;

  @BeforeEach
  void fakes() throws Exception {
    slack = new FakeSlack();
    clearFeed = new FakeClearFeed();
    slack.addMember(ADA, "ada@example.com", user -> {});
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
    clearFeed.close();
    if (databaseServer != null) {
      databaseServer.stop();
    }
  }

  @Test
  void formShowsTheSignInEmailSavedBefore() throws Exception {
    app = new AppUnderTest(slack, clearFeed, data);
    app.storeToken(ADA, TOKEN, SIGN_IN_EMAIL);

    JsonNode field = emailField(openForm());

    assertThat(field.path("element").path("initial_value").asText()).isEqualTo(SIGN_IN_EMAIL);
    assertThat(field.path("optional").asBoolean()).isTrue();
    assertThat(field.path("hint").path("text").asText())
        .contains("Pre-filled with the email you saved before")
        .contains("clear it to remove");
  }

  @Test
  void formIsEmptyForSomeoneWithoutASavedEmail() throws Exception {
    app = new AppUnderTest(slack, clearFeed, data);
    app.storeToken(ADA, TOKEN, null);

    JsonNode field = emailField(openForm());

    assertThat(field.path("element").has("initial_value")).isFalse();
  }

  @Test
  void renewingTheTokenKeepsTheEmailThatTellsAMismatchApart() throws Exception {
    app = new AppUnderTest(slack, clearFeed, data);
    app.storeToken(ADA, TOKEN, SIGN_IN_EMAIL);
    clearFeed.answer(NEW_TOKEN, 403, FakeClearFeed.FORBIDDEN_BODY);

    String shown = emailField(openForm()).path("element").path("initial_value").asText(null);
    app.storeToken(ADA, NEW_TOKEN, shown);
    app.command(ADA, "");
    Reply reply = Reply.parse(slack.nextReply());

    assertThat(reply.verdict()).contains("*EMAIL_MISMATCH*");
    assertThat(reply.checkLine("Email mapping")).contains(SIGN_IN_EMAIL);
  }

  @Test
  void formOpensWithoutThePreFillWhenTheDatabaseIsDown() throws Exception {
    databaseServer =
        Server.createTcpServer(
                "-tcpPort", "0", "-baseDir", databaseFiles.toString(), "-ifNotExists")
            .start();
    app = new AppUnderTest(slack, sharedDatabaseSettings(databaseServer.getPort()));
    app.storeToken(ADA, TOKEN, SIGN_IN_EMAIL);
    databaseServer.stop();

    JsonNode field = emailField(openForm());

    assertThat(field.path("element").has("initial_value")).isFalse();
    assertThat(slack.replyWithin(500)).as("a 'form not opened' reply").isNull();
  }

  /** Sends {@code set} and returns the view the app asked Slack to open. */
  private JsonNode openForm() throws Exception {
    assertThat(app.command(ADA, "set").statusCode()).isEqualTo(200);
    for (int i = 0; i < 100 && slack.calls("views.open").isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(slack.calls("views.open")).as("views.open calls").hasSize(1);
    return JSON.readTree(slack.calls("views.open").get(0).form().get("view"));
  }

  private static JsonNode emailField(JsonNode view) {
    for (JsonNode block : view.path("blocks")) {
      if (block.path("block_id").asText().equals("sign_in_email")) {
        return block;
      }
    }
    throw new AssertionError("No sign-in email field in " + view);
  }

  private Settings sharedDatabaseSettings(int port) {
    Settings settings = AppUnderTest.settings(slack, clearFeed, data);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Settings.of(
        settings.slackBotToken(),
        settings.slackSigningSecret(),
        settings.slackApiUrl(),
        settings.clearFeedApiUrl(),
        settings.clearFeedTimeout(),
        Optional.of("jdbc:h2:tcp://127.0.0.1:" + port + "/tokencheck"),
        data,
        Optional.of(Base64.getEncoder().encodeToString(key)));
  }
}
