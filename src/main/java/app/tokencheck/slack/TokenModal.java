package app.tokencheck.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.slack.api.model.block.element.EmailTextInputElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The form that stores a token: its view, its hidden metadata, and reading a submission. */
final class TokenModal {
  static final String CALLBACK_ID = "clearfeed_token_set";
  static final String TOKEN_BLOCK = "token";
  static final String EMAIL_BLOCK = "sign_in_email";
  private static final String DEVELOPER_SETTINGS =
      "https://web.clearfeed.app/settings/developer-settings";
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** The longest address SMTP can carry (RFC 5321). */
  static final int MAX_EMAIL_LENGTH = 254;

  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{12,512}");
  private static final Gson JSON = new Gson();

  private TokenModal() {}

  /** Who opened the form and where to confirm the result; kept in the view's metadata. */
  record Metadata(String userId, String responseUrl) {}

  /** A submission: the values when valid, else an error per block. */
  record Submission(String token, Optional<String> signInEmail, Map<String, String> errors) {
    @Override
    public String toString() {
      return "Submission[errors=" + errors.keySet() + "]";
    }
  }

  /**
   * @param signInEmail the email stored before, pre-filled so that saving a new token keeps it
   *     unless the person clears the field
   */
  static View form(Metadata metadata, Optional<String> signInEmail) {
    return view(
        v ->
            v.type("modal")
                .callbackId(CALLBACK_ID)
                .privateMetadata(write(metadata))
                .title(viewTitle(t -> t.type("plain_text").text("ClearFeed token")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Save")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    List.of(
                        section(
                            s ->
                                s.text(
                                    markdownText(
                                        "Create a personal access token in <"
                                            + DEVELOPER_SETTINGS
                                            + "|ClearFeed Developer Settings> and paste it"
                                            + " below. It is stored encrypted and only its last"
                                            + " 4 characters are ever shown."))),
                        input(
                            i ->
                                i.blockId(TOKEN_BLOCK)
                                    .label(plainText("Personal access token"))
                                    .element(
                                        PlainTextInputElement.builder()
                                            .actionId(TOKEN_BLOCK)
                                            .placeholder(plainText("Paste the token"))
                                            .build())),
                        input(
                            i ->
                                i.blockId(EMAIL_BLOCK)
                                    .optional(true)
                                    .label(plainText("Email you sign in to ClearFeed with"))
                                    .hint(
                                        plainText(
                                            "Optional. Lets the check compare it with your"
                                                + " Slack profile email. Pre-filled with the email"
                                                + " you saved before; clear it to remove that"
                                                + " email."))
                                    .element(
                                        EmailTextInputElement.builder()
                                            .actionId(EMAIL_BLOCK)
                                            .initialValue(signInEmail.orElse(null))
                                            .build())))));
  }

  static View saved(String message) {
    return view(
        v ->
            v.type("modal")
                .callbackId(CALLBACK_ID + "_done")
                .title(viewTitle(t -> t.type("plain_text").text("ClearFeed token")))
                .close(viewClose(c -> c.type("plain_text").text("Done")))
                .blocks(List.of(section(s -> s.text(markdownText(message))))));
  }

  static Optional<Metadata> metadata(String privateMetadata) {
    try {
      return Optional.ofNullable(JSON.fromJson(privateMetadata, Metadata.class))
          .filter(m -> m.userId() != null && m.responseUrl() != null);
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }

  static Submission read(ViewState state) {
    String token = value(state, TOKEN_BLOCK).strip();
    String email = value(state, EMAIL_BLOCK).strip();
    Map<String, String> errors = new LinkedHashMap<>();
    if (!TOKEN.matcher(token).matches()) {
      errors.put(
          TOKEN_BLOCK,
          "That does not look like a ClearFeed token: paste the whole token, without spaces.");
    }
    if (email.length() > MAX_EMAIL_LENGTH) {
      // Longer than any address can be, and than the column: the database would refuse it with
      // an error that quotes the value.
      errors.put(EMAIL_BLOCK, "That is longer than an email address can be (254 characters).");
    } else if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
      errors.put(EMAIL_BLOCK, "Enter an email address, or leave this empty.");
    }
    return new Submission(token, email.isEmpty() ? Optional.empty() : Optional.of(email), errors);
  }

  private static String value(ViewState state, String block) {
    if (state == null || state.getValues() == null) {
      return "";
    }
    Map<String, ViewState.Value> actions = state.getValues().get(block);
    ViewState.Value value = actions == null ? null : actions.get(block);
    return value == null || value.getValue() == null ? "" : value.getValue();
  }

  private static String write(Metadata metadata) {
    return JSON.toJson(metadata);
  }
}
