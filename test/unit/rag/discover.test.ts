import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverFiles, globToRegExp } from '../../../server/rag/discover';

describe('discovering files to ingest', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-discover-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  for (const file of ['sops/a.md', 'sops/README.md', 'sops/b.pdf', 'sops/b.pdf.meta.json', 'sops/sub/c.txt', 'sops/logo.png', 'devs/x.csv']) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), 'x');
  }
  const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('walks folders for document formats, without sidecars and READMEs', () => {
    assert.deepEqual(rel(discoverFiles(['sops'], root).files), ['sops/a.md', 'sops/b.pdf', 'sops/sub/c.txt']);
  });

  it('expands globs, ** included', () => {
    assert.deepEqual(rel(discoverFiles(['sops/*.{md,pdf}'], root).files), ['sops/a.md', 'sops/b.pdf']);
    assert.deepEqual(rel(discoverFiles(['**/*.csv', 'sops/**/*.txt'], root).files), ['devs/x.csv', 'sops/sub/c.txt']);
  });

  it('reports arguments that name nothing', () => {
    const found = discoverFiles(['nope', 'sops/*.docx'], root);
    assert.deepEqual(found.files, []);
    assert.deepEqual(found.missing, [{ path: 'nope', reason: 'no such file or folder' }, { path: 'sops/*.docx', reason: 'the pattern matched no files' }]);
  });

  it('translates glob syntax', () => {
    assert.ok(globToRegExp('a/**/b?.md').test('a/x/y/b1.md'));
    assert.ok(globToRegExp('a/**/b?.md').test('a/b1.md'));
    assert.ok(!globToRegExp('a/*.md').test('a/x/b.md'));
    assert.ok(globToRegExp('[!x]*.pdf').test('y.pdf'));
  });
});
