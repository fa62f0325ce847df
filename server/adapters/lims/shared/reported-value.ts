// LIMS results travel as text ("7.1", "< 0.05", "conforms"); the numeric value is only set
// when the text is a plain number, so censored and text results are never misread.
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function numericOf(value: string): number | undefined {
  const text = value.trim();
  return PLAIN_NUMBER.test(text) ? Number(text) : undefined;
}

/** A vendor number that may arrive as text ("6.5", SENAITE ResultsRange) or empty. */
export function limitOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') return numericOf(value);
  return undefined;
}

/** Any vendor time (ISO with offset, SENAITE `+00:00`) as ISO 8601 UTC with Z. */
export function utcIso(value: string): string {
  return new Date(value).toISOString();
}
