// Grounding (DESIGN.md: every number in an answer traces to a tool result or a cited passage).
// Each token of the answer that carries a digit must be found in the evidence: an identifier
// (LOT-XYZ789, R-778812, SOP-QC-001) verbatim, a number or a date by its numeric parts.

/** Tokens with their inner separators: "LOT-24-0114", "2024-05-03", "6.5", "mg/5", "10:15". */
const TOKEN = /[\p{L}\p{N}]+(?:[-_./:][\p{L}\p{N}]+)*/gu;
const NUMBER = /\d+(?:\.\d+)?/g;

export interface GroundingReport {
  grounded: boolean;
  /** The answer's tokens the evidence does not contain. */
  ungrounded: string[];
}

export class Evidence {
  readonly #text: string[] = [];
  readonly #numbers = new Set<string>();
  #lower = '';

  constructor(texts: readonly string[] = []) {
    for (const text of texts) this.add(text);
  }

  add(text: string): void {
    this.#text.push(text);
    this.#lower += `\n${text.toLowerCase()}`;
    for (const m of text.matchAll(NUMBER)) this.#numbers.add(canonical(m[0]));
  }

  check(answer: string): GroundingReport {
    const ungrounded: string[] = [];
    for (const m of answer.matchAll(TOKEN)) {
      const token = m[0];
      if (!/\d/.test(token)) continue;
      if (this.#lower.includes(token.toLowerCase())) continue;
      // A figure or a date without letters is grounded by its numbers; an identifier is not.
      const isFigure = !/\p{L}/u.test(token);
      if (isFigure && (token.match(NUMBER) ?? []).every((n) => this.#numbers.has(canonical(n)))) continue;
      if (!ungrounded.includes(token)) ungrounded.push(token);
    }
    return { grounded: ungrounded.length === 0, ungrounded };
  }
}

/** "07" and "7", "7.10" and "7.1" are the same figure. */
function canonical(number: string): string {
  const value = Number(number);
  return Number.isFinite(value) ? String(value) : number;
}

/**
 * Splits streamed text into sentences that can be shown: each is checked against the evidence
 * known at that moment, so an ungrounded figure never reaches the terminal, not even briefly.
 */
export class GroundedStream {
  #buffer = '';
  #shown = '';
  #failed = false;

  constructor(
    private readonly evidence: Evidence,
    private readonly emit: (text: string) => void,
  ) {}

  get failed(): boolean {
    return this.#failed;
  }

  /** Text already sent to the terminal. */
  get shown(): string {
    return this.#shown;
  }

  push(delta: string): void {
    if (this.#failed) return;
    this.#buffer += delta;
    let cut: number;
    while ((cut = sentenceEnd(this.#buffer)) > 0) this.#release(this.#buffer.slice(0, cut), this.#buffer.slice(cut));
  }

  /** Drops text that has not been shown (a model turn that ended in tool calls). */
  discard(): void {
    this.#buffer = '';
  }

  /** Releases what is left, if grounded. */
  end(): void {
    if (!this.#failed && this.#buffer) this.#release(this.#buffer, '');
  }

  #release(sentence: string, rest: string): void {
    if (!this.evidence.check(sentence).grounded) {
      this.#failed = true;
      this.#buffer = '';
      return;
    }
    this.#buffer = rest;
    this.#shown += sentence;
    this.emit(sentence);
  }
}

/** End of the first complete sentence (after . ! ? or a line break followed by space), or 0. */
function sentenceEnd(text: string): number {
  const m = /(?:[.!?:](?=\s)|\n)\s*/u.exec(text);
  if (!m) return 0;
  const end = m.index + m[0].length;
  // Decimal points ("9.8") and abbreviations ("p. 3") are followed by digits or lower case.
  return end < text.length || /\n/.test(m[0]) ? end : 0;
}
