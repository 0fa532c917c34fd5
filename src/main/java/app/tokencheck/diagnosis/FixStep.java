package app.tokencheck.diagnosis;

import java.net.URI;
import java.util.Optional;

/**
 * One numbered step of a fix.
 *
 * @param instruction plain text written by this app; may contain {@code `code`} spans
 * @param link where the step is carried out, when it has a stable address
 */
public record FixStep(Actor actor, String instruction, Optional<Link> link) {

  /** A labelled address. */
  public record Link(String label, URI url) {}

  static FixStep of(Actor actor, String instruction) {
    return new FixStep(actor, instruction, Optional.empty());
  }

  static FixStep of(Actor actor, String instruction, String label, String url) {
    return new FixStep(actor, instruction, Optional.of(new Link(label, URI.create(url))));
  }
}
