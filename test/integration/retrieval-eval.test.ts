import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { formatRetrievalReport, runRetrievalEval } from '../../server/cli/eval-retrieval';
import { loadQuestions } from '../../server/rag/retrieval-eval';
import { FIXTURES_DIR } from '../fixtures/documents/harness';

describe('retrieval evaluation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-evalq-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: unknown[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    return file;
  };

  it('scores recall@5 and MRR per mode and per category', async () => {
    const questions = write('q.jsonl', [
      { id: 'q1', question: 'What are the acceptance limits of the pH meter calibration slope and offset?', expected: [{ doc: 'SOP-QC-101', page: 2 }], category: 'sops' },
      { id: 'q2', question: 'Tablet hardness limits during compression', expected: [{ doc: 'SOP-PRD-120', page: 1 }], category: 'sops' },
      { id: 'q3', question: 'How often was the pH meter calibrated in the old revision?', expected: [{ doc: 'SOP-QC-101', page: 1, revision: '2' }], category: 'sops', includeSuperseded: true },
      { id: 'q4', question: 'Why did the viscosity fall below its limit on tank 7?', expected: [{ doc: 'DEV-2024-101', page: 1 }], category: 'deviations' },
      { id: 'q5', question: 'What does the recall procedure say?', expected: [{ doc: 'NOT-INGESTED', page: 1 }], category: 'deviations' },
    ]);
    const run = await runRetrievalEval({ questionsFile: questions, sources: [path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'deviations')] });
    assert.equal(run.questions, 5);
    assert.deepEqual(run.missingDocuments, ['NOT-INGESTED']);
    assert.equal(run.ingest.documents, 7);
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const m = run.modes[mode];
      assert.equal(m.recallAtK, 0.8, mode);
      assert.deepEqual(m.misses, ['q5']);
      assert.equal(m.byCategory.sops?.recallAtK, 1);
      assert.equal(m.byCategory.deviations?.questions, 2);
      assert.ok(m.mrr > 0.5 && m.mrr <= 0.8);
    }
    const text = formatRetrievalReport(run);
    assert.match(text, /^Retrieval evaluation: 5 questions, 7 documents/);
    assert.match(text, /\nhybrid\s+80\.0 %/);
    assert.match(text, /WARNING: hybrid does not beat both single modes on recall@5/);
    assert.match(text, /WARNING: expected documents not in the index: NOT-INGESTED/);
  });

  it('names the line of a malformed question', () => {
    const file = write('bad.jsonl', [{ id: 'a', question: 'x', expected: [{ doc: 'D', page: 1 }], category: 'c' }, '', { id: 'b', question: 'y', expected: [], category: 'c' }]);
    assert.throws(() => loadQuestions(file), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: expected: `));
  });
});
