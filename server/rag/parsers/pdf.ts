// PDF pages via pdf-parse 2 (pdf.js): one text per physical page, 1-based. Encrypted and
// corrupt files become a SourceError naming the reason; a file without a text layer (a scan)
// is refused rather than ingested empty, since OCR is out of scope.
import type { PageText } from '../types';
import { SourceError } from './source-error';

export interface PdfContent {
  pages: PageText[];
  /** The PDF's Title property, when it has one. */
  title?: string;
}

export async function parsePdf(bytes: Uint8Array): Promise<PdfContent> {
  if (!looksLikePdf(bytes)) throw new SourceError('not a PDF file (no %PDF- header)');
  // Loaded on first use: pdf.js takes seconds to import, and the server starts without it.
  const { PDFParse } = await import('pdf-parse');
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const text = await parser.getText();
    const pages = text.pages.map((p) => ({ page: p.num, text: p.text }));
    if (pages.length === 0) throw new SourceError('the PDF has no pages');
    if (!pages.some((p) => p.text.trim().length > 0)) throw new SourceError('no text layer (a scanned PDF?); OCR is not supported');
    let title: string | undefined;
    try {
      const info = await parser.getInfo();
      const raw = (info.info as { Title?: unknown } | undefined)?.Title;
      if (typeof raw === 'string' && raw.trim()) title = raw.trim();
    } catch {
      // The info dictionary is optional; the pages are what matter.
    }
    return { pages, ...(title ? { title } : {}) };
  } catch (err) {
    throw toSourceError(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow up to 1024 bytes of junk (PDF 1.7, annex H.3).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function toSourceError(err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException' || /password/i.test(message)) return new SourceError('encrypted PDF (password protected); remove the protection and ingest again');
  if (name === 'InvalidPDFException' || name === 'FormatError') return new SourceError(`corrupt PDF: ${message}`);
  return new SourceError(`unreadable PDF: ${message}`);
}
