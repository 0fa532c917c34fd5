package app.tokencheck.tokenstore;

/** The database could not be reached or refused a statement; nothing was changed. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
