package app.tokencheck.diagnosis;

/** Who must carry out a step of a fix. */
public enum Actor {
  TOKEN_OWNER("The token owner"),
  SLACK_ADMIN("A Slack workspace admin"),
  CLEARFEED_ADMIN("A ClearFeed admin"),
  ANYONE("Anyone");

  private final String label;

  Actor(String label) {
    this.label = label;
  }

  /** A short label that starts a sentence. */
  public String label() {
    return label;
  }
}
