package app.tokencheck.diagnosis;

/** How sure a diagnosis is of its cause. */
public enum Certainty {
  /** An upstream answer states the cause. */
  CONFIRMED,
  /** Every other cause was ruled out, but nothing states this one. */
  LIKELY,
  /** An upstream did not answer usefully: the check could not tell. */
  UNKNOWN
}
