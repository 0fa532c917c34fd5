package app.tokencheck.clearfeed;

import java.util.Optional;

/**
 * ClearFeed's record of a Slack user, from {@code GET /v1/rest/users}.
 *
 * @param email present only "when available", per ClearFeed's documentation
 * @param deleted mirrors deactivation in Slack
 */
public record ClearFeedUser(String id, String name, Optional<String> email, boolean deleted) {

  @Override
  public String toString() {
    return "ClearFeedUser[id=" + id + ", deleted=" + deleted + "]";
  }
}
