import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, afterEach, describe, it } from 'node:test';
import { Command } from 'commander';
import { registerIngestCommand } from '../../server/cli/ingest';
import type { IngestSummary } from '../../server/rag/ingest';
import { copyFixtures, FIXTURES_DIR, RecordingAuditLog, tempIndex } from '../fixtures/documents/harness';
import { makePdf } from '../fixtures/documents/make-pdf';

function fakeStdout(tty: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  stream.isTTY = tty;
  stream.columns = 120;
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('qloop ingest', () => {
  const t = tempIndex();
  const audit = new RecordingAuditLog();
  let closed = 0;
  const program = (stdout: NodeJS.WriteStream) => {
    const p = new Command('qloop').exitOverride();
    registerIngestCommand(p, { stdout, openIndex: () => ({ index: t.index, audit, close: () => closed++ }) });
    return p;
  };
  after(() => t.close());
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('ingests folders and prints a JSON summary, then skips the unchanged files', async () => {
    const out = fakeStdout(false);
    await program(out.stream).parseAsync(['ingest', path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'deviations'), '--json'], { from: 'user' });
    const summary = JSON.parse(out.text()) as IngestSummary;
    assert.equal(summary.documents, 7);
    assert.deepEqual(summary.failed, []);
    assert.equal(closed, 1);
    assert.equal(audit.entries.length, 7);
    const again = fakeStdout(false);
    await program(again.stream).parseAsync(['ingest', path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'deviations')], { from: 'user' });
    assert.match(again.text(), /^documents: 0 \(0 new, 0 replaced\), pages: 0, chunks: 0\nskipped \(unchanged\): 6 of 6 files\nfailed: 0$/m);
    assert.equal(process.exitCode, undefined);
  });

  it('prints failures with their reasons and exits 1', async () => {
    const dir = copyFixtures([]);
    fs.writeFileSync(path.join(dir, 'broken.pdf'), 'not a pdf');
    fs.writeFileSync(path.join(dir, 'WI-QC-150.pdf'), makePdf([['Weigh the sample on the analytical balance.']]));
    const out = fakeStdout(false);
    await program(out.stream).parseAsync(['ingest', `${dir}/*.pdf`, '--type', 'work-instruction'], { from: 'user' });
    assert.match(out.text(), /documents: 1 \(1 new, 0 replaced\), pages: 1/);
    assert.match(out.text(), /failed: 1\n {2}.*broken\.pdf: not a PDF file \(no %PDF- header\)/);
    assert.equal(process.exitCode, 1);
    assert.equal(t.index.document('WI-QC-150')?.type, 'work-instruction');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws a progress bar only on a terminal', async () => {
    const dir = copyFixtures(['notes/line-clearance.txt']);
    const out = fakeStdout(true);
    await program(out.stream).parseAsync(['ingest', dir], { from: 'user' });
    assert.match(out.text(), /ingest \[/);
    assert.match(out.text(), /documents: 1 \(1 new/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown --type before opening anything', async () => {
    const before = closed;
    await assert.rejects(program(fakeStdout(false).stream).parseAsync(['ingest', 'x', '--type', 'memo'], { from: 'user' }), /--type must be one of sop, work-instruction, guidance, deviation/);
    assert.equal(closed, before);
  });
});
