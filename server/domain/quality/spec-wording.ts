// Plain-English wording for specification verdicts: limits as QC writes them (98.0–102.0 %, NMT 0.5 %).
import type { DispositionBand, TestSpecification } from '../types';
import { compareDecimal, formatDecimals } from './rounding';

type Wordable = Pick<TestSpecification, 'lsl' | 'usl' | 'decimals' | 'unit' | 'test'>;

/** "98.0 %", "7.5" (pH has no unit), "12 CFU/g". */
export function withUnit(valueText: string, unit: string): string {
  const u = unit.trim();
  if (u === '' || u.toLowerCase() === 'ph') return valueText;
  return `${valueText} ${u}`;
}

export function limitText(limit: number, spec: Wordable): string {
  return formatDecimals(limit, spec.decimals);
}

/** The acceptance criterion as written on a CoA: "98.0–102.0 %", "NMT 0.5 %", "NLT 80 %". */
export function criterionText(spec: Wordable): string {
  const { lsl, usl } = spec;
  if (lsl !== undefined && usl !== undefined) return withUnit(`${limitText(lsl, spec)}–${limitText(usl, spec)}`, spec.unit);
  if (usl !== undefined) return `NMT ${withUnit(limitText(usl, spec), spec.unit)}`;
  if (lsl !== undefined) return `NLT ${withUnit(limitText(lsl, spec), spec.unit)}`;
  return 'no numeric limits';
}

export function bandText(band: DispositionBand, spec: Wordable): string {
  const { min, max } = band;
  const range =
    min !== undefined && max !== undefined
      ? `${limitText(min, spec)}–${limitText(max, spec)}`
      : min !== undefined
        ? `from ${limitText(min, spec)}`
        : max !== undefined
          ? `up to ${limitText(max, spec)}`
          : 'any value';
  return `${band.disposition} band "${band.label}" (${range})`;
}

/** "97.95 % (rounded to 98.0 % per USP 7.20)" when rounding changed the value, else the value at the spec's decimals. */
export function reportedText(rawText: string, roundedText: string, unit: string): string {
  if (compareDecimal(rawText, roundedText) === 0) return withUnit(roundedText, unit);
  return `${withUnit(rawText, unit)} (rounded to ${withUnit(roundedText, unit)} per USP 7.20)`;
}

export const DISPOSITION_WORDS: Record<DispositionBand['disposition'], string> = {
  release: 'release',
  review: 'QA review',
  hold: 'hold the lot',
};
