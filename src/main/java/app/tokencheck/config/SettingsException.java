package app.tokencheck.config;

/** A setting is missing or malformed; the message is one line fit to show an operator. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
