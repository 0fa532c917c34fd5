package app.tokencheck.diagnosis;

/**
 * One line of a diagnosis: what was checked, how it came out, and the evidence.
 *
 * @param evidence plain text, possibly holding names or emails from Slack or ClearFeed; renderers
 *     must escape it
 */
public record Check(String name, Mark mark, String evidence) {}
