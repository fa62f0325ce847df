// Splits a document's pages into retrieval chunks: by section within each page, sentences
// packed up to a size limit with a short overlap, every chunk tagged with its printed page
// (a citation must point at the page the reader can open). Small tables stay whole.
import { headingOf, isContentsLine, isFurniture, runningFurniture } from './headings';
import type { ChunkDraft, PageText } from './types';

export interface ChunkingOptions {
  /** Target upper size of a chunk in characters (about 200 words). */
  maxChars: number;
  /** Characters of trailing sentences repeated at the start of the next chunk in the same section. */
  overlapChars: number;
  /** A chunk shorter than this absorbs the next section on the same page instead of closing. */
  minChars: number;
  /** Tables up to this size are one unit; larger ones are split by rows with the header repeated. */
  maxTableChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 900, overlapChars: 180, minChars: 250, maxTableChars: 2000 };

interface Unit {
  text: string;
  /** Starts on a new line (list item, table, paragraph) rather than continuing a sentence run. */
  newLine: boolean;
  /** Tables are never split into sentences or used as overlap. */
  table: boolean;
}

interface Section {
  heading?: string;
  units: Unit[];
}

export function chunkPages(pages: readonly PageText[], options: Partial<ChunkingOptions> & { markdown?: boolean } = {}): ChunkDraft[] {
  const opts = { ...DEFAULT_CHUNKING, ...options };
  const furniture = runningFurniture(pages);
  const chunks: ChunkDraft[] = [];
  let heading: string | undefined;
  for (const page of pages) {
    const sections = sectionsOf(page.text, heading, options.markdown ?? false, furniture, opts);
    // Headings listed on a contents page are not the section the next page continues.
    const contentsPage = page.text.split('\n').filter(isContentsLine).length >= 3;
    if (!contentsPage) heading = sections.at(-1)?.heading ?? heading;
    for (const draft of packPage(sections, opts)) chunks.push({ page: page.page, seq: chunks.length, ...draft });
  }
  return chunks;
}

function sectionsOf(text: string, carried: string | undefined, markdown: boolean, furniture: ReadonlySet<string>, opts: ChunkingOptions): Section[] {
  const sections: Section[] = [{ ...(carried ? { heading: carried } : {}), units: [] }];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  let paragraphNewLine = true;
  const flush = () => {
    const current = sections.at(-1);
    if (paragraph.length && current) current.units.push(...sentenceUnits(paragraph.join(' '), paragraphNewLine, opts.maxChars));
    paragraph = [];
    paragraphNewLine = true;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!markdown && (isFurniture(line, furniture) || isContentsLine(line))) continue;
    if (!line.trim()) {
      flush();
      continue;
    }
    if (isTableRow(line, markdown)) {
      flush();
      const rows: string[] = [];
      while (i < lines.length && isTableRow(lines[i] ?? '', markdown)) rows.push((lines[i++] ?? '').trim());
      i--;
      sections.at(-1)?.units.push(...tableUnits(rows, opts.maxTableChars));
      continue;
    }
    const heading = headingOf(line, markdown);
    if (heading) {
      flush();
      sections.push({ heading, units: [{ text: heading, newLine: true, table: false }] });
      continue;
    }
    if (/^\s*(?:[-*•▪◦]|\(?[a-z0-9ivx]{1,4}\)|\d{1,2}\.)\s+/i.test(line)) flush();
    paragraph.push(line.trim());
  }
  flush();
  return sections.filter((s) => s.units.length > 0);
}

const isTableRow = (line: string, markdown: boolean): boolean =>
  markdown ? /^\s*\|.*\|\s*$/.test(line) : (line.match(/\t/g)?.length ?? 0) >= 2 && line.replace(/\s/g, '').length > 0;

function tableUnits(rows: string[], maxTableChars: number): Unit[] {
  const whole = rows.join('\n');
  if (whole.length <= maxTableChars) return [{ text: whole, newLine: true, table: true }];
  // A large table: groups of rows, each group led by the header (and the Markdown rule line).
  const headerCount = rows.length > 1 && /^\s*\|[\s:|-]+\|\s*$/.test(rows[1] ?? '') ? 2 : 1;
  const header = rows.slice(0, headerCount).join('\n');
  const units: Unit[] = [];
  let group: string[] = [];
  for (const row of rows.slice(headerCount)) {
    if (group.length && header.length + group.join('\n').length + row.length + 2 > maxTableChars) {
      units.push({ text: `${header}\n${group.join('\n')}`, newLine: true, table: true });
      group = [];
    }
    group.push(row);
  }
  if (group.length) units.push({ text: `${header}\n${group.join('\n')}`, newLine: true, table: true });
  return units;
}

function sentenceUnits(paragraph: string, newLine: boolean, maxChars: number): Unit[] {
  const text = paragraph.replace(/[ \t]+/g, ' ').trim();
  const sentences = text.split(/(?<=[.!?;])\s+(?=[A-Z(§"“\d])/);
  const units: Unit[] = [];
  sentences.forEach((sentence, i) => {
    for (const piece of hardSplit(sentence, maxChars)) units.push({ text: piece, newLine: newLine && i === 0 && units.length === 0, table: false });
  });
  return units;
}

function hardSplit(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    if (current && current.length + word.length + 1 > maxChars) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) pieces.push(current);
  return pieces;
}

function packPage(sections: Section[], opts: ChunkingOptions): Omit<ChunkDraft, 'page' | 'seq'>[] {
  const out: Omit<ChunkDraft, 'page' | 'seq'>[] = [];
  let units: Unit[] = [];
  let size = 0;
  let heading: string | undefined;
  const emit = () => {
    const text = joinUnits(units);
    if (text.trim()) out.push({ text, ...(heading ? { section: heading } : {}) });
  };
  for (const section of sections) {
    if (units.every(isOverlap)) {
      units = [];
      size = 0;
    }
    if (units.length && size >= opts.minChars) {
      emit();
      units = [];
      size = 0;
    }
    if (!units.length) heading = section.heading;
    for (const unit of section.units) {
      if (units.length && size + unit.text.length + 1 > opts.maxChars && units.some((u) => !isOverlap(u))) {
        emit();
        units = overlapOf(units, opts.overlapChars);
        size = units.reduce((n, u) => n + u.text.length + 1, 0);
        heading = section.heading;
      }
      units.push(unit);
      size += unit.text.length + 1;
    }
  }
  if (units.some((u) => !isOverlap(u))) emit();
  return out;
}

const OVERLAP = Symbol('overlap');
type OverlapUnit = Unit & { [OVERLAP]?: true };
const isOverlap = (u: OverlapUnit): boolean => u[OVERLAP] === true;

function overlapOf(units: Unit[], overlapChars: number): Unit[] {
  const kept: OverlapUnit[] = [];
  let size = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i];
    if (!unit || unit.table || size + unit.text.length > overlapChars) break;
    kept.unshift({ ...unit, [OVERLAP]: true });
    size += unit.text.length + 1;
  }
  return kept;
}

function joinUnits(units: readonly Unit[]): string {
  let text = '';
  for (const unit of units) text += text ? (unit.newLine || unit.table ? '\n' : ' ') + unit.text : unit.text;
  return text;
}
