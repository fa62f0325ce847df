// Hold reason codes (SOP-QA-010 §5.1): every hold carries exactly one. The codes belong to the
// site, so a plant file may bring its own table; qloop only decides which of its causes a hold
// has, and the table says which code each cause is written with.

/**
 * Why qloop asks for a hold, as far as qloop can tell: a failed specification check (an OOS, or a
 * microbial count over its limit), an SPC or OOT signal, a review band result, or a person
 * asking for it at the terminal or through the copilot.
 */
export const HOLD_CAUSES = ['oos', 'microbiological', 'trend', 'review', 'requested'] as const;
export type HoldCause = (typeof HOLD_CAUSES)[number];

export interface HoldReason {
  code: string;
  reason: string;
  /** The causes qloop writes this code for; each cause belongs to exactly one code. */
  usedFor?: HoldCause[];
}

/** SOP-QA-010 revision 07 (RVP1), §5.1, §5.4 and §5.5: what a plant file without its own table uses. */
export const SOP_QA_010_HOLD_REASONS: readonly HoldReason[] = [
  { code: 'HR-01', reason: 'OOS result (suspected or confirmed)', usedFor: ['oos'] },
  { code: 'HR-02', reason: 'Out-of-trend / SPC signal under evaluation', usedFor: ['trend'] },
  { code: 'HR-03', reason: 'Review band result', usedFor: ['review'] },
  // The default of a person's hold that names no code (WI-PRD-030 §5.6.2 lets the requester
  // choose any code of the table); an open question about the product is what HR-04 is for.
  { code: 'HR-04', reason: 'Open deviation with possible product impact', usedFor: ['requested'] },
  { code: 'HR-05', reason: 'Microbiological excursion', usedFor: ['microbiological'] },
  { code: 'HR-06', reason: 'Equipment or calibration failure' },
  { code: 'HR-07', reason: 'Documentation discrepancy' },
  { code: 'HR-08', reason: 'Labelling or line clearance finding' },
];

/** What is known about why a lot is to be held. */
export interface HoldEvidence {
  /** The evaluated result behind the hold; absent when a person asked for it. */
  evaluation?: {
    outcome: 'pass' | 'fail' | 'cannot-evaluate';
    disposition: 'release' | 'review' | 'hold';
    /** Rule ids that raised the disposition ('spec.usl', 'spc.we1', 'oot.regression', ...). */
    raisedBy?: readonly string[];
    /** The result is a microbial count (cfu): SOP-QA-010 §5.5 holds it as HR-05, not HR-01. */
    microbiological?: boolean;
  };
}

/** SOP-QA-010's order of precedence: a failed check, then a signal, then the review band. */
export function holdCause(evidence: HoldEvidence): HoldCause {
  const evaluation = evidence.evaluation;
  if (!evaluation) return 'requested';
  if (evaluation.outcome === 'fail') return evaluation.microbiological ? 'microbiological' : 'oos';
  if (evaluation.raisedBy?.some((rule) => rule.startsWith('spc.') || rule.startsWith('oot.'))) return 'trend';
  if (evaluation.disposition === 'review') return 'review';
  return 'requested';
}

/** A unit of colony-forming units (cfu/g, CFU/mL, cfu per 100 mL): the result is a microbial count. */
export function isMicrobialCountUnit(unit: string | undefined): boolean {
  return unit !== undefined && /\bcfu\b/i.test(unit);
}

/** The hold proposal fields the code is derived from (a structural slice of the domain Proposal). */
export interface HoldProposalFacts {
  /** The code already on the proposal: chosen by the person who asked, or set when the watcher proposed it. */
  holdReasonCode?: string;
  evaluationId?: string;
  productId?: string;
  test?: string;
  /** The unit the result was reported in: a cfu count judged on the LIMS's own limits has no catalog spec to tell. */
  unit?: string;
}

/** A plant's hold reason table, ready to answer "which code for this hold". */
export class HoldReasonCodes {
  readonly #byCause: ReadonlyMap<HoldCause, string>;
  readonly table: readonly HoldReason[];

  /**
   * `table` must give each cause exactly one code (the plant loader checks a plant file's table);
   * `microbial` says whether a product's test reports a microbial count.
   */
  constructor(
    table: readonly HoldReason[] = SOP_QA_010_HOLD_REASONS,
    private readonly microbial: (productId: string, test: string) => boolean = () => false,
  ) {
    this.table = table;
    const byCause = new Map<HoldCause, string>();
    for (const entry of table) for (const cause of entry.usedFor ?? []) byCause.set(cause, entry.code);
    const missing = HOLD_CAUSES.filter((cause) => !byCause.has(cause));
    if (missing.length) throw new Error(`hold reason table has no code for ${missing.map((c) => `"${c}"`).join(', ')}`);
    this.#byCause = byCause;
  }

  codes(): string[] {
    return this.table.map((entry) => entry.code);
  }

  /**
   * The code a person asked for (WI-PRD-030 §5.6.2: the requester chooses it), checked against
   * the table; without one, the requested-hold default (SOP-QA-010: HR-04). Throws naming the
   * plant's codes when it is not in the table.
   */
  requestedCode(code?: string): string {
    if (code === undefined || code.trim() === '') return this.codeFor('requested');
    const wanted = code.trim().toUpperCase();
    const found = this.table.find((entry) => entry.code.toUpperCase() === wanted);
    if (!found) throw new Error(`hold reason code "${code}" is not in the plant's table; use one of ${this.table.map((e) => `${e.code} (${e.reason})`).join(', ')}`);
    return found.code;
  }

  codeFor(cause: HoldCause): string {
    return this.#byCause.get(cause) as string;
  }

  /**
   * The code of a hold proposal. The watcher plans a hold only for an evaluation whose
   * disposition is hold (domain/proposals/plan.ts), and only a failed specification check sets
   * that disposition (SPC, OOT and the review band raise a result to review, never to hold;
   * domain/quality/evaluate.ts): so a watcher hold is an OOS, or an excursion on a microbial
   * count. A hold without an evaluation is one a person asked for. A code already on the
   * proposal (the person's choice, or the watcher's at proposal time) is the one sent.
   */
  forHold(hold: HoldProposalFacts): string {
    if (hold.holdReasonCode) return hold.holdReasonCode;
    if (!hold.evaluationId) return this.codeFor(holdCause({}));
    // The result's own unit first: a cfu count judged on the LIMS's limits has no catalog spec.
    const microbiological = isMicrobialCountUnit(hold.unit) || (hold.productId !== undefined && hold.test !== undefined && this.microbial(hold.productId, hold.test));
    return this.codeFor(holdCause({ evaluation: { outcome: 'fail', disposition: 'hold', microbiological } }));
  }
}

/** SOP-QA-010's codes, with no knowledge of which tests count microbes (no plant at hand). */
export const SOP_QA_010_CODES = new HoldReasonCodes();
