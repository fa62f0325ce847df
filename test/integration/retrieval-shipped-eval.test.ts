import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_QUESTIONS, runRetrievalEval } from '../../server/cli/eval-retrieval';
import { CORPUS_DIR, REPO_ROOT } from '../fixtures/documents/harness';

const ready = fs.existsSync(CORPUS_DIR) && fs.existsSync(path.join(REPO_ROOT, DEFAULT_QUESTIONS)) && fs.existsSync(path.join(REPO_ROOT, 'sops'));

// The acceptance check of `qloop eval --retrieval`: on the shipped question set, hybrid retrieval
// must beat keyword-only and vector-only retrieval on recall@5.
describe('the shipped retrieval question set', { skip: ready ? false : 'corpus, sops/ or question set missing' }, () => {
  it('is answered better by hybrid retrieval than by either mode alone', async () => {
    const run = await runRetrievalEval({ cwd: REPO_ROOT, sources: [CORPUS_DIR, path.join(REPO_ROOT, 'sops')] });
    assert.ok(run.questions >= 40, `only ${run.questions} questions`);
    assert.deepEqual(run.missingDocuments, []);
    assert.deepEqual(run.ingest.failed, []);
    const { keyword, vector, hybrid } = run.modes;
    assert.ok(hybrid.recallAtK > keyword.recallAtK && hybrid.recallAtK > vector.recallAtK, `recall@5 keyword ${keyword.recallAtK}, vector ${vector.recallAtK}, hybrid ${hybrid.recallAtK}`);
    assert.ok(hybrid.recallAtK >= 0.9, `hybrid recall@5 fell to ${hybrid.recallAtK}`);
  });
});
