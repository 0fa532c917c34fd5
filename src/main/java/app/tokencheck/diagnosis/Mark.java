package app.tokencheck.diagnosis;

/** How one check came out. */
public enum Mark {
  PASS("✅"),
  WARN("⚠️"),
  FAIL("❌"),
  UNKNOWN("❔");

  private final String emoji;

  Mark(String emoji) {
    this.emoji = emoji;
  }

  public String emoji() {
    return emoji;
  }
}
