package app.tokencheck.tokenstore;

/** A stored token cannot be decrypted: the key changed or the row was altered. */
public final class UnreadableTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreadableTokenException(String slackUserId) {
    super("The stored token of " + slackUserId + " cannot be decrypted with the current key");
  }
}
