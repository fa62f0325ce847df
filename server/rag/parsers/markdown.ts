// Markdown documents: YAML front matter for document control fields, and a line holding only
// `<!-- page -->` between printed pages, so citations point at the same page as the print.
import { splitFrontMatter, FrontMatterError, type FrontMatterValue } from '../front-matter';
import type { PageText } from '../types';
import { SourceError } from './source-error';

export const PAGE_BREAK = /^[ \t]*<!--\s*page\s*-->[ \t]*$/im;

export interface MarkdownContent {
  fields: Record<string, FrontMatterValue>;
  pages: PageText[];
  /** The first level-1 heading. */
  title?: string;
}

export function parseMarkdown(source: string): MarkdownContent {
  let split;
  try {
    split = splitFrontMatter(source);
  } catch (err) {
    if (err instanceof FrontMatterError) throw new SourceError(err.message);
    throw err;
  }
  const texts = split.body.split(new RegExp(PAGE_BREAK.source, 'gim'));
  const pages = texts.map((text, i) => ({ page: i + 1, text: text.replace(/^\n+/, '').trimEnd() }));
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(split.body)?.[1];
  return { fields: split.fields, pages, ...(heading ? { title: heading } : {}) };
}
