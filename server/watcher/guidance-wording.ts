// An LLM's rewording of the deterministic guidance (QLOOP_GUIDANCE_WORDING=llm), and the check
// that it changed words only: every number, date, identifier and the rule of the deterministic
// text must be in the rewording, and nothing else of that kind may be. The verdict, rule and
// proposals live outside the text and are never touched.

/** Rewords a guidance text; throws when the model cannot be reached or answers nothing. */
export interface GuidanceRewording {
  /** Model name for the audit trail, e.g. openai:gpt-4o-mini@https://… */
  readonly model: string;
  readonly promptVersion: string;
  reword(text: string, signal: AbortSignal): Promise<string>;
}

export const WORDING_PROMPT_VERSION = 'guidance-wording/1';

const SYSTEM_PROMPT = [
  'You reword quality alert guidance for operators and QA staff at a production line.',
  'Make it clearer and easier to act on, in the same language.',
  'Copy every number, unit, date, time and identifier (lot, sample, work order, line, SOP, proposal, result) and the rule name exactly as written.',
  'Do not add facts, actions or advice, and do not leave out any action.',
  'Answer with the reworded text only.',
].join(' ');

export interface OpenAiRewordingSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
}

/** Any OpenAI-compatible chat endpoint (the copilot's QLOOP_OPENAI_* settings), one plain request. */
export class OpenAiGuidanceRewording implements GuidanceRewording {
  readonly model: string;
  readonly promptVersion = WORDING_PROMPT_VERSION;

  constructor(private readonly settings: OpenAiRewordingSettings) {
    this.model = `openai:${settings.model}@${settings.baseUrl.replace(/\/+$/, '')}`;
  }

  async reword(text: string, signal: AbortSignal): Promise<string> {
    const res = await fetch(`${this.settings.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}) },
      body: JSON.stringify({ model: this.settings.model, temperature: 0, messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: text }] }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.settings.timeoutMs ?? 20_000)]),
    });
    if (!res.ok) throw new Error(`the wording model answered ${res.status}`);
    const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || !content.trim()) throw new Error('the wording model answered no text');
    return content.trim();
  }
}

/** Dates and times, identifiers like LOT-XYZ789, SOP-QC-002, P-12, rule names like spec.usl, then plain numbers. */
const DATE_TIME = /\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b/g;
const IDENTIFIER = /\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+\b/g;
const RULE = /\b[a-z]+\.[a-z][a-z0-9]*(?:\.[a-z0-9]+)*\b/g;
const NUMBER = /\d+(?:[.,]\d+)?/g;

/** The facts of a text that a rewording must keep: each kind as a set. */
export function factsOf(text: string): { dates: Set<string>; ids: Set<string>; rules: Set<string>; numbers: Set<string> } {
  const dates = new Set(text.match(DATE_TIME) ?? []);
  let rest = text.replace(DATE_TIME, ' ');
  const ids = new Set(rest.match(IDENTIFIER) ?? []);
  rest = rest.replace(IDENTIFIER, ' ');
  const rules = new Set(rest.match(RULE) ?? []);
  rest = rest.replace(RULE, ' ');
  // 9.80 and 9.8 differ on purpose: the rounded figure is part of the verdict (USP <7.20>).
  const numbers = new Set((rest.match(NUMBER) ?? []).map((n) => n.replace(',', '.')));
  return { dates, ids, rules, numbers };
}

/** Undefined when the rewording keeps exactly the facts of the deterministic text; else what differs. */
export function changedFacts(deterministic: string, reworded: string): string | undefined {
  const before = factsOf(deterministic);
  const after = factsOf(reworded);
  const problems: string[] = [];
  for (const kind of ['numbers', 'dates', 'ids', 'rules'] as const) {
    const lost = [...before[kind]].filter((x) => !after[kind].has(x));
    const added = [...after[kind]].filter((x) => !before[kind].has(x));
    if (lost.length) problems.push(`${kind} left out: ${lost.join(', ')}`);
    if (added.length) problems.push(`${kind} added: ${added.join(', ')}`);
  }
  return problems.length ? problems.join('; ') : undefined;
}
