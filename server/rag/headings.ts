// Section headings and running page furniture in extracted text. Regulatory PDFs number their
// sections (II. BACKGROUND, 4.2 Scope, § 211.100 Written procedures) and repeat a header or
// footer on every page ("Contains Nonbinding Recommendations"); the first start sections, the
// second would only add noise to every chunk.
import type { PageText } from './types';

const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;
const NUMBERED_HEADING = /^(?:(?:[IVXL]+|[A-Z]|\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+|(?:chapter|part|subpart|section|annex|appendix|step)\s+[\dIVXA-Z]+[.:]?\s*)(\S.{1,90})$/i;
const CFR_SECTION = /^§\s*\d+\.\d+[a-z]?\s+\S.{0,120}$/;

/** The heading a line states, or undefined for body text. */
export function headingOf(line: string, markdown: boolean): string | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.length > 110) return undefined;
  if (markdown) return MARKDOWN_HEADING.exec(trimmed)?.[1];
  if (CFR_SECTION.test(trimmed)) return trimmed;
  const numbered = NUMBERED_HEADING.exec(trimmed);
  if (numbered) {
    const rest = numbered[1] ?? '';
    // A heading names a topic: it starts with a capital, has no sentence end and no clause break.
    if (/^[A-Z]/.test(rest) && !/[.,;:]$/.test(rest) && words(rest) <= 12 && !/\.\s+[A-Z]/.test(rest)) return trimmed.replace(/\s+/g, ' ');
    return undefined;
  }
  const letters = trimmed.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 6 && letters === letters.toUpperCase() && words(trimmed) <= 10 && !/[.,;]$/.test(trimmed)) return trimmed.replace(/\s+/g, ' ');
  return undefined;
}

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** A page-independent key for a line: digits folded so "Page 3 of 17" matches "Page 4 of 17". */
const furnitureKey = (line: string): string => line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase();

/**
 * Lines that repeat at the top or bottom of at least half the pages (3 pages or more), and
 * bare page numbers: removed from the text that is chunked, kept in the page text shown.
 */
export function runningFurniture(pages: readonly PageText[]): Set<string> {
  const furniture = new Set<string>(['#', '- # -', 'page #', 'page # of #', '# of #', '#/#']);
  if (pages.length < 3) return furniture;
  const counts = new Map<string, number>();
  for (const page of pages) {
    const lines = page.text.split('\n').map((l) => l.trim()).filter(Boolean);
    const edge = new Set([...lines.slice(0, 3), ...lines.slice(-3)].map(furnitureKey));
    for (const key of edge) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count >= Math.max(3, pages.length / 2) && key.length <= 120) furniture.add(key);
  return furniture;
}

/** A table-of-contents entry ("2. Resampling ........ 8"): it names a topic without saying anything about it. */
export const isContentsLine = (line: string): boolean => /(?:\.\s?){4,}\s*\d{1,4}\s*$/.test(line) || /…{2,}\s*\d{1,4}\s*$/.test(line);

export function isFurniture(line: string, furniture: ReadonlySet<string>): boolean {
  return furniture.has(furnitureKey(line));
}
