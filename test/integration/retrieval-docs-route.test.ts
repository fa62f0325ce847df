import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createDocsRouter } from '../../server/http/docs-routes';
import { errorHandler } from '../../server/http/error-handler';
import { ingestDocuments } from '../../server/rag/ingest';
import { copyFixtures, FIXTURES_DIR, tempIndex, type TestIndex } from '../fixtures/documents/harness';
import { makePdf } from '../fixtures/documents/make-pdf';

describe('GET /docs/:id', () => {
  let t: TestIndex;
  let server: Server;
  let base = '';
  let pdfDir = '';
  before(async () => {
    t = tempIndex();
    pdfDir = copyFixtures([]);
    fs.writeFileSync(path.join(pdfDir, 'SOP-QA-140_rev2_Sample retention.pdf'), makePdf([['Retain samples for one year.'], ['Reserve samples <b>are</b> stored at 15-25 C.']]));
    await ingestDocuments(t.index, { paths: [path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'deviations'), pdfDir] });
    const app = express();
    app.use(createDocsRouter({ index: t.index }));
    app.use(errorHandler(pino({ level: 'silent' })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    t.close();
    fs.rmSync(pdfDir, { recursive: true, force: true });
  });

  const json = (url: string) => fetch(`${base}${url}`, { headers: { accept: 'application/json' } });
  const html = (url: string) => fetch(`${base}${url}`, { headers: { accept: 'text/html' } });

  it('serves the page text with the document metadata as JSON', async () => {
    const res = await json('/docs/SOP-QC-101?page=2');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(
      { ...body, text: undefined },
      { docId: 'SOP-QC-101', title: 'pH measurement and pH meter calibration', revision: '3', type: 'sop', status: 'effective', effectiveDate: '2024-02-01', products: ['PRD-PARA-SUS'], page: 2, pageCount: 3, text: undefined, fileUrl: '/docs/SOP-QC-101/file?rev=3' },
    );
    assert.match(String(body.text), /^## 3\. Calibration\n\nPerform a three-point calibration/);
  });

  it('serves a readable, escaped HTML page with links to the neighbours and the file', async () => {
    const res = await html('/docs/SOP-QA-140?page=2');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const page = await res.text();
    assert.match(page, /<h1>Sample retention<\/h1>/);
    assert.match(page, /Reserve samples &#60;b&#62;are&#60;\/b&#62; stored/);
    assert.match(page, /<dt>Page<\/dt><dd>2 of 2<\/dd>/);
    assert.match(page, /href="\/docs\/SOP-QA-140\?page=1&amp;rev=2">← Page 1/);
    assert.match(page, /href="\/docs\/SOP-QA-140\/file\?rev=2#page=2">Original file/);
  });

  it('shows a superseded revision when asked for it, with a warning', async () => {
    const res = await html('/docs/SOP-QC-101?page=1&rev=2');
    const page = await res.text();
    assert.match(page, /This revision is superseded/);
    assert.match(page, /two-point calibration weekly/);
  });

  it('answers 404 with a clear message for an unknown document, revision or page', async () => {
    const unknown = await json('/docs/SOP-XX-999?page=1');
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: { code: 'NOT_FOUND', message: 'no document SOP-XX-999 is in the document index' } });
    const page = await json('/docs/SOP-QC-101?page=9');
    assert.equal(page.status, 404);
    assert.equal(((await page.json()) as { error: { message: string } }).error.message, 'SOP-QC-101 revision 3 has 3 pages; there is no page 9');
    const rev = await html('/docs/SOP-QC-101?rev=7');
    assert.equal(rev.status, 404);
    assert.match(await rev.text(), /<p class="error">no document SOP-QC-101 with revision 7<\/p>/);
    const bad = await json('/docs/SOP-QC-101?page=two');
    assert.equal(bad.status, 400);
  });

  it('serves the original file with its content type', async () => {
    const pdf = await fetch(`${base}/docs/SOP-QA-140/file`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const md = await fetch(`${base}/docs/SOP-QC-101/file?rev=2`);
    assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
    assert.match(await md.text(), /status: superseded/);
    const deviation = await fetch(`${base}/docs/DEV-2024-103/file`);
    assert.match(deviation.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await deviation.json()) as { id: string }).id, 'DEV-2024-103');
  });
});
