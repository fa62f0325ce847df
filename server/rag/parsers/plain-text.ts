// Plain text documents: a form feed (\f, as pdftotext and print spoolers write it) starts a
// new page; the first non-empty line is the title unless metadata says otherwise.
import type { PageText } from '../types';

export interface PlainTextContent {
  pages: PageText[];
  title?: string;
}

export function parsePlainText(source: string): PlainTextContent {
  const pages = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\f')
    .map((text, i) => ({ page: i + 1, text: text.trimEnd() }));
  const first = /^\s*(\S.*)$/m.exec(pages[0]?.text ?? '')?.[1]?.trim();
  return { pages, ...(first && first.length <= 160 ? { title: first } : {}) };
}
