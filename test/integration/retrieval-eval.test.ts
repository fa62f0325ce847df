import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { formatRetrievalReport, retrievalShortfalls, runRetrievalEval, type RetrievalEvalRun } from '../../server/cli/eval-retrieval';
import { loadQuestions, QuestionSetError } from '../../server/rag/retrieval-eval';
import { runQloop } from '../support/cli';
import { FIXTURES_DIR } from '../fixtures/documents/harness';

const FIXTURE_SOURCES = [path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'deviations')];

const FIXTURE_QUESTIONS = [
  { id: 'q1', question: 'What are the acceptance limits of the pH meter calibration slope and offset?', expected: [{ doc: 'SOP-QC-101', page: 2 }], category: 'sops' },
  { id: 'q2', question: 'Tablet hardness limits during compression', expected: [{ doc: 'SOP-PRD-120', page: 1 }], category: 'sops' },
  { id: 'q3', question: 'How often was the pH meter calibrated in the old revision?', expected: [{ doc: 'SOP-QC-101', page: 1, revision: '2' }], category: 'sops', includeSuperseded: true },
  { id: 'q4', question: 'Why did the viscosity fall below its limit on tank 7?', expected: [{ doc: 'DEV-2024-101', page: 1 }], category: 'deviations' },
  { id: 'q5', question: 'What does the recall procedure say?', expected: [{ doc: 'NOT-INGESTED', page: 1 }], category: 'deviations' },
];

/** A run with these recall@5 figures and nothing missing, for the pass/fail rule alone. */
function runWith(recall: { keyword: number; vector: number; hybrid: number }, extra: Partial<RetrievalEvalRun> = {}): RetrievalEvalRun {
  const mode = (recallAtK: number) => ({ questions: 10, recallAtK, mrr: recallAtK / 2, byCategory: {}, misses: [] });
  return {
    questions: 10,
    k: 5,
    mrrDepth: 10,
    modes: { keyword: mode(recall.keyword), vector: mode(recall.vector), hybrid: mode(recall.hybrid) },
    missingDocuments: [],
    embeddingsId: 'hash-v1-512',
    ingest: { documents: 3, pages: 3, chunks: 9, failed: [] },
    ...extra,
  };
}

describe('retrieval evaluation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-evalq-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: unknown[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    return file;
  };

  it('scores recall@5 and MRR per mode and per category', async () => {
    const questions = write('q.jsonl', FIXTURE_QUESTIONS);
    const run = await runRetrievalEval({ questionsFile: questions, sources: FIXTURE_SOURCES });
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
    assert.match(text, /\nFAILED: hybrid does not beat both single modes on recall@5 \(keyword 80\.0 %, vector 80\.0 %, hybrid 80\.0 %\)/);
    assert.match(text, /\nFAILED: expected documents not in the index: NOT-INGESTED$/);
    assert.doesNotMatch(text, /PASSED/);
  });

  it('passes only when hybrid beats both single modes on a fully ingested set', () => {
    assert.deepEqual(retrievalShortfalls(runWith({ keyword: 0.9, vector: 0.8, hybrid: 0.95 })), []);
    assert.match(formatRetrievalReport(runWith({ keyword: 0.9, vector: 0.8, hybrid: 0.95 })), /\nPASSED: hybrid beats keyword-only and vector-only on recall@5$/);
    // A tie with either mode is not "beating" it.
    assert.match(retrievalShortfalls(runWith({ keyword: 0.9, vector: 0.8, hybrid: 0.9 })).join(), /^hybrid does not beat both single modes on recall@5 \(keyword 90\.0 %, vector 80\.0 %, hybrid 90\.0 %\)$/);
    assert.equal(retrievalShortfalls(runWith({ keyword: 0.7, vector: 0.92, hybrid: 0.91 })).length, 1);
    // A good score on a set whose sources did not all get in measured something else.
    const partial = runWith({ keyword: 0.9, vector: 0.8, hybrid: 0.95 }, { missingDocuments: ['SOP-X'], ingest: { documents: 2, pages: 2, chunks: 6, failed: [{ path: 'corpus/broken.pdf', reason: 'not a PDF' }] } });
    assert.deepEqual(retrievalShortfalls(partial), ['expected documents not in the index: SOP-X', '1 source(s) failed to ingest: corpus/broken.pdf']);
  });

  it('exits 1 from the command line when the run falls short, with the reasons in the last JSON line', async () => {
    const questions = write('cli.jsonl', FIXTURE_QUESTIONS);
    const { code, stdout, stderr } = await runQloop(['eval', '--retrieval', '--questions', questions, '--sources', ...FIXTURE_SOURCES]);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^Retrieval evaluation: 5 questions, 7 documents/);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { eval: string; passed: boolean; shortfalls: string[]; modes: Record<string, { recallAtK: number }> };
    assert.equal(summary.eval, 'retrieval');
    assert.equal(summary.passed, false);
    assert.equal(summary.modes.hybrid?.recallAtK, 0.8);
    assert.deepEqual(summary.shortfalls.map((r) => r.split(' (')[0]), ['hybrid does not beat both single modes on recall@5', 'expected documents not in the index: NOT-INGESTED']);
  });

  it('exits 2 when the question set cannot be used, naming the file and the line', async () => {
    const bad = write('cli-bad.jsonl', [FIXTURE_QUESTIONS[0], '{"id":"q2","question":"y"']);
    const malformed = await runQloop(['eval', '--retrieval', '--questions', bad, '--sources', ...FIXTURE_SOURCES]);
    assert.equal(malformed.code, 2);
    assert.equal(malformed.stdout, '');
    assert.match(malformed.stderr, new RegExp(`^qloop eval --retrieval: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not JSON`));
    const missing = await runQloop(['eval', '--retrieval', '--questions', path.join(dir, 'nope.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.jsonl: cannot read the question set \(ENOENT\)/);
    const noSource = await runQloop(['eval', '--retrieval', '--questions', write('cli-good.jsonl', FIXTURE_QUESTIONS), '--sources', path.join(dir, 'no-such-folder'), path.join(dir, '*.nomatch')]);
    assert.equal(noSource.code, 2, 'a missing source is a run that could not measure the set, not a failed run');
    assert.equal(noSource.stdout, '');
    assert.match(noSource.stderr, /^qloop eval --retrieval: cannot use the document sources: .*no-such-folder: no such file or folder; .*\*\.nomatch: the pattern matched no files\n$/);
    const misplaced = await runQloop(['eval', '--questions', bad]);
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /--questions and --sources go with --retrieval/);
  });

  it('--filter selects questions by id or category prefix; one that selects none, or an option eval does not know, exits 2', async () => {
    const questions = write('cli-filter.jsonl', FIXTURE_QUESTIONS);
    const sops = await runQloop(['eval', '--retrieval', '--json', '--questions', questions, '--sources', ...FIXTURE_SOURCES, '--filter', 'sops']);
    const summary = JSON.parse(sops.stdout.trim().split('\n').at(-1) ?? '{}') as { questions: number; shortfalls: string[] };
    assert.equal(summary.questions, 3, 'the three sops questions, not all five');
    assert.ok(!summary.shortfalls.some((r) => r.includes('NOT-INGESTED')), 'the deviations question left out is not measured');
    const none = await runQloop(['eval', '--retrieval', '--questions', questions, '--sources', ...FIXTURE_SOURCES, '--filter', 'zz']);
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^qloop eval --retrieval: no question in .*cli-filter\.jsonl has an id or category starting with "zz"\n$/);
    for (const args of [['eval', '--bogus'], ['eval', '--retrieval', '--bogus'], ['eval', '--golden']]) {
      const usage = await runQloop(args);
      assert.equal(usage.code, 2, `${args.join(' ')}: could not run, not "fell short" (1)`);
      assert.match(usage.stderr, /^error: (unknown option '--bogus'|option '--golden <file>' argument missing)/);
    }
    assert.equal((await runQloop(['eval', '--help'])).code, 0);
  });

  it('names the line of a malformed question', () => {
    const file = write('bad.jsonl', [{ id: 'a', question: 'x', expected: [{ doc: 'D', page: 1 }], category: 'c' }, '', { id: 'b', question: 'y', expected: [], category: 'c' }]);
    assert.throws(() => loadQuestions(file), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: expected: `));
    assert.throws(() => loadQuestions(write('empty.jsonl', ['', ''])), (err: Error) => err instanceof QuestionSetError && /empty\.jsonl: no questions in the set$/.test(err.message));
  });
});
