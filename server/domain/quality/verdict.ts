// The explanation every quality verdict carries: what the guidance text, the chart and the audit trail show.

/** Rule, points, limits and numbers behind one verdict, plus a plain-English sentence. */
export interface QualityExplanation {
  /** Stable rule id, e.g. 'spec.usl', 'spec.band', 'oot.regression', 'capability.cpk'. */
  rule: string;
  /** 0-based indices of the points involved (empty for a single reported result). */
  points: number[];
  /** The values the rule looked at, in the order of `points` when both are given. */
  values: number[];
  /** The limits applied, by name (lsl, usl, lower, upper, ...); null when not defined. */
  limits: Record<string, number | null>;
  /** Every other number needed to re-check the verdict by hand (fit, t, k, sd, ...). */
  numbers: Record<string, number | null>;
  /** One or two plain-English sentences for the operator and QA. */
  text: string;
}
