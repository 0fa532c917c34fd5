package app.tokencheck.diagnosis;

/**
 * The primary cause of a diagnosis. The names are the cause codes shown to people and documented in
 * {@code docs/diagnoses.md}; they are a public contract and must not be renamed.
 */
public enum Cause {
  SLACK_APP_MISCONFIGURED(Certainty.CONFIRMED),
  SLACK_UNREACHABLE(Certainty.UNKNOWN),
  SLACK_USER_NOT_FOUND(Certainty.CONFIRMED),
  SLACK_USER_DEACTIVATED(Certainty.CONFIRMED),
  SLACK_GUEST_OR_EXTERNAL(Certainty.CONFIRMED),
  NO_TOKEN(Certainty.CONFIRMED),
  TOKEN_INVALID(Certainty.CONFIRMED),
  CLEARFEED_RATE_LIMITED(Certainty.UNKNOWN),
  CLEARFEED_NOT_CONNECTED(Certainty.LIKELY),
  CLEARFEED_UNREACHABLE(Certainty.UNKNOWN),
  EMAIL_NOT_VISIBLE(Certainty.CONFIRMED),
  EMAIL_MISMATCH(Certainty.CONFIRMED),
  PROFILE_NOT_LINKED(Certainty.LIKELY),
  OK(Certainty.CONFIRMED);

  private final Certainty certainty;

  Cause(Certainty certainty) {
    this.certainty = certainty;
  }

  public String code() {
    return name();
  }

  public Certainty certainty() {
    return certainty;
  }
}
