// USP General Notices 7.20 rounding, done on the decimal string: 97.95 is 97.9499999... in binary,
// so x * 10^n arithmetic would round it down; the reportable value must round up to 98.0.

export interface RoundedValue {
  /** The value as received, in plain decimal notation ("97.95"). */
  rawText: string;
  raw: number;
  /** Rounded to the requested decimals, always with exactly that many ("98.0"). */
  roundedText: string;
  rounded: number;
  decimals: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Plain decimal notation of a number or numeric string ("1e-7" -> "0.0000001"); null if not a finite number. */
export function toPlainDecimal(value: number | string): string | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  // String(number) is the shortest text that round-trips, i.e. the decimal the LIMS meant.
  const text = (typeof value === 'number' ? String(value) : value).trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign = '', intPart = '', fracPart = '', exponentText] = match;
  if (intPart === '' && fracPart === '') return null;
  let digits = intPart + fracPart;
  let pointAt = intPart.length + (exponentText ? Number(exponentText) : 0);
  if (pointAt < 0) {
    digits = '0'.repeat(-pointAt) + digits;
    pointAt = 0;
  }
  if (pointAt > digits.length) digits += '0'.repeat(pointAt - digits.length);
  const whole = digits.slice(0, pointAt).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(pointAt);
  const body = fraction ? `${whole}.${fraction}` : whole;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * Round half up on the decimal digits (USP 7.20: look only at the first digit to be dropped;
 * below 5 drop, 5 or more round up). Negative values round by magnitude (ASTM E29 convention),
 * so -2.45 -> -2.5; compendial limits are practically always on non-negative quantities.
 */
export function roundHalfUp(value: number | string, decimals: number): RoundedValue {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`decimals must be an integer 0..20, got ${decimals}`);
  }
  const rawText = toPlainDecimal(value);
  if (rawText === null) throw new RangeError(`not a finite decimal number: ${String(value)}`);
  const negative = rawText.startsWith('-');
  const [intPart = '0', fracPart = ''] = (negative ? rawText.slice(1) : rawText).split('.');
  const kept = intPart + fracPart.padEnd(decimals, '0').slice(0, decimals);
  const nextDigit = fracPart.length > decimals ? Number(fracPart[decimals]) : 0;
  const roundedDigits = nextDigit >= 5 ? incrementDigits(kept) : kept;
  const wholeLength = roundedDigits.length - decimals;
  const whole = roundedDigits.slice(0, wholeLength).replace(/^0+(?=\d)/, '') || '0';
  const fraction = roundedDigits.slice(wholeLength);
  let roundedText = decimals > 0 ? `${whole}.${fraction}` : whole;
  if (negative && /[1-9]/.test(roundedText)) roundedText = `-${roundedText}`;
  return { rawText, raw: Number(rawText), roundedText, rounded: Number(roundedText), decimals };
}

/** Add one to a string of decimal digits ("0999" -> "1000"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '9') {
      chars[i] = '0';
    } else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return `1${chars.join('')}`;
}

/** A limit or value written with a fixed number of decimals, for explanations ("98.0"). */
export function formatDecimals(value: number, decimals: number): string {
  return roundHalfUp(value, decimals).roundedText;
}

/** Exact comparison of two decimal numbers given as text or numbers: -1, 0 or 1. */
export function compareDecimal(a: number | string, b: number | string): number {
  const [aInt, aScale] = scaledInteger(a);
  const [bInt, bScale] = scaledInteger(b);
  const scale = Math.max(aScale, bScale);
  const left = aInt * 10n ** BigInt(scale - aScale);
  const right = bInt * 10n ** BigInt(scale - bScale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The point where USP rounding to `decimals` flips across a limit, as exact text:
 * limit + half a unit for an upper limit (values at or above it round above the limit),
 * limit - half a unit for a lower limit (values below it round below the limit).
 */
export function roundingThreshold(limit: number, decimals: number, side: 'upper' | 'lower'): string {
  const [limitInt, limitScale] = scaledInteger(limit);
  const scale = Math.max(limitScale, decimals) + 1;
  const half = 5n * 10n ** BigInt(scale - decimals - 1);
  const shifted = limitInt * 10n ** BigInt(scale - limitScale) + (side === 'upper' ? half : -half);
  const negative = shifted < 0n;
  const digits = (negative ? -shifted : shifted).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function scaledInteger(value: number | string): [bigint, number] {
  const text = toPlainDecimal(value);
  if (text === null) throw new RangeError(`not a finite decimal number: ${String(value)}`);
  const negative = text.startsWith('-');
  const [intPart = '0', fracPart = ''] = (negative ? text.slice(1) : text).split('.');
  const magnitude = BigInt(intPart + fracPart);
  return [negative ? -magnitude : magnitude, fracPart.length];
}
