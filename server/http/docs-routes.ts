// Citation targets: GET /docs/:id?page=N shows one page of a document (HTML for the widget's
// citation links, JSON with Accept: application/json) and GET /docs/:id/file serves the
// original. Without ?rev= the effective revision is shown; superseded ones carry a banner.
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { DocumentIndex } from '../rag/document-index';
import type { StoredDocument } from '../rag/store/document-store';
import { QloopError } from '../errors';
import { allowInlineStyle } from './security-headers';

export interface DocsRouterDeps {
  index: DocumentIndex;
}

const CONTENT_TYPES: Record<StoredDocument['format'], string> = {
  pdf: 'application/pdf',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  deviation: 'application/json; charset=utf-8',
};

export function createDocsRouter(deps: DocsRouterDeps): Router {
  const router = Router();

  router.get('/docs/:id', (req, res) => {
    const doc = findDocument(deps.index, req);
    const rawPage = typeof req.query.page === 'string' ? req.query.page : '1';
    if (!/^\d+$/.test(rawPage) || Number(rawPage) < 1) throw new QloopError('BAD_REQUEST', `page must be a whole number from 1, got "${rawPage}"`);
    const page = Number(rawPage);
    const text = deps.index.pageText(doc, page);
    if (text === undefined) throw new QloopError('NOT_FOUND', `${label(doc)} has ${doc.pageCount} page${doc.pageCount === 1 ? '' : 's'}; there is no page ${page}`);
    const citation = {
      docId: doc.id, title: doc.title, revision: doc.revision, type: doc.type, status: doc.status,
      ...(doc.effectiveDate ? { effectiveDate: doc.effectiveDate } : {}),
      products: doc.products, page, pageCount: doc.pageCount, text,
      fileUrl: `${req.baseUrl}/docs/${encodeURIComponent(doc.id)}/file${doc.revision ? `?rev=${encodeURIComponent(doc.revision)}` : ''}`,
    };
    if (req.accepts(['html', 'json']) === 'json') {
      res.json(citation);
      return;
    }
    allowInlineStyle(res, STYLE);
    res.type('html').send(renderPage(citation, req.baseUrl));
  });

  router.get('/docs/:id/file', (req, res) => {
    const doc = findDocument(deps.index, req);
    res.set('content-disposition', `inline; filename="${path.basename(doc.sourcePath).replace(/["\\\r\n]/g, '_')}"`);
    if (doc.format === 'deviation') {
      // A report from a collection file (QMS export, plant dataset): serve that report alone.
      res.type(CONTENT_TYPES.deviation).send(JSON.stringify(doc.record ?? null, null, 2));
      return;
    }
    if (!fs.existsSync(doc.sourcePath)) throw new QloopError('NOT_FOUND', `the original file of ${label(doc)} is no longer where it was ingested from; ingest it again`);
    res.type(CONTENT_TYPES[doc.format]).sendFile(path.resolve(doc.sourcePath));
  });

  // Citation links are opened by people: answer errors as a readable page when a browser asks.
  router.use('/docs', (err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => {
    if (!(err instanceof QloopError) || req.accepts(['html', 'json']) !== 'html') return next(err);
    allowInlineStyle(res, STYLE);
    res.status(err.status).type('html').send(renderPage(undefined, req.baseUrl, err.message));
  });

  return router;
}

function findDocument(index: DocumentIndex, req: Request): StoredDocument {
  const id = String(req.params.id);
  const rev = typeof req.query.rev === 'string' ? req.query.rev : undefined;
  const doc = index.document(id, rev);
  if (doc) return doc;
  throw new QloopError('NOT_FOUND', rev !== undefined ? `no document ${id} with revision ${rev}` : `no document ${id} is in the document index`);
}

const label = (doc: StoredDocument): string => (doc.revision ? `${doc.id} revision ${doc.revision}` : doc.id);

// The small HTML page a citation link opens: the document's control data, the page text as
// printed (pre-wrapped, escaped) and links to the neighbouring pages and the original file.
// printed (pre-wrapped, escaped) and links to the neighbouring pages and the original file.

interface CitationPage {
  docId: string;
  title: string;
  revision: string;
  type: string;
  status: string;
  effectiveDate?: string;
  products: string[];
  page: number;
  pageCount: number;
  text: string;
  fileUrl: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2329;background:#f5f6f7}
main{max-width:860px;margin:0 auto;padding:24px}h1{font-size:20px;margin:0 0 4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:12px 0;font-size:13px}dt{color:#5b6670}dd{margin:0}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d5d9dd;border-radius:6px;padding:16px;font:14px/1.5 ui-monospace,monospace}
nav{display:flex;gap:16px;font-size:14px}.banner{background:#fff3cd;border:1px solid #e0c46c;padding:8px 12px;border-radius:6px}
.error{background:#fde8e8;border:1px solid #e09a9a;padding:12px;border-radius:6px}`;

function renderPage(citation: CitationPage | undefined, baseUrl: string, error?: string): string {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`;
  if (!citation) {
    return `${head}<title>Document not found</title><style>${STYLE}</style></head><body><main><h1>Document not found</h1><p class="error">${escapeHtml(error ?? 'not found')}</p></main></body></html>`;
  }
  const c = citation;
  const pageUrl = (n: number) => `${baseUrl}/docs/${encodeURIComponent(c.docId)}?page=${n}${c.revision ? `&amp;rev=${encodeURIComponent(c.revision)}` : ''}`;
  const rows: [string, string][] = [
    ['Document', c.docId], ['Revision', c.revision || '—'], ['Type', c.type], ['Status', c.status],
    ...(c.effectiveDate ? ([['Effective', c.effectiveDate]] as [string, string][]) : []),
    ...(c.products.length ? ([['Products', c.products.join(', ')]] as [string, string][]) : []),
    ['Page', `${c.page} of ${c.pageCount}`],
  ];
  const banner = c.status === 'superseded' ? '<p class="banner">This revision is superseded: do not work to it. Open the effective revision for current instructions.</p>'
    : c.status === 'draft' ? '<p class="banner">Draft: not yet approved for use.</p>' : '';
  const nav = [
    c.page > 1 ? `<a href="${pageUrl(c.page - 1)}">← Page ${c.page - 1}</a>` : '',
    c.page < c.pageCount ? `<a href="${pageUrl(c.page + 1)}">Page ${c.page + 1} →</a>` : '',
    `<a href="${escapeHtml(c.fileUrl)}#page=${c.page}">Original file</a>`,
  ].filter(Boolean).join('');
  return `${head}<title>${escapeHtml(`${c.docId} p. ${c.page} — ${c.title}`)}</title><style>${STYLE}</style></head><body><main>
<h1>${escapeHtml(c.title)}</h1>${banner}
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<pre>${escapeHtml(c.text)}</pre>
<nav>${nav}</nav>
</main></body></html>`;
}
