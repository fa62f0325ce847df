import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashEmbeddings } from '../../../server/adapters/embeddings/hash-embeddings';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('hash embeddings', () => {
  const embeddings = new HashEmbeddings();

  it('is deterministic, L2-normalised and of the configured length', async () => {
    const [a, b] = await embeddings.embedDocuments(['pH meter calibration', 'pH meter calibration']);
    assert.deepEqual(a, b);
    assert.equal(a?.length, 512);
    assert.ok(Math.abs(Math.hypot(...(a ?? [])) - 1) < 1e-9);
    assert.equal((await new HashEmbeddings({ dimensions: 64 }).embedQuery('x y z')).length, 64);
    assert.equal(embeddings.id, 'hash-v1-512');
  });

  it('ranks a related passage above an unrelated one', async () => {
    const query = await embeddings.embedQuery('how often is the pH meter calibrated?');
    const [related, unrelated] = await embeddings.embedDocuments([
      'Calibrate the pH meter every day with three buffers before measuring samples.',
      'Clean the tablet press turret and punches after every campaign.',
    ]);
    assert.ok(cosine(query, related ?? []) > cosine(query, unrelated ?? []) + 0.1);
  });

  it('matches word forms through stems and subwords', async () => {
    const query = await embeddings.embedQuery('validated analytical methods');
    const [forms, other] = await embeddings.embedDocuments(['validation of analytical method', 'sampling of raw material']);
    assert.ok(cosine(query, forms ?? []) > 0.4);
    assert.ok(cosine(query, other ?? []) < 0.15);
  });

  it('brings an abbreviation close to its spelled-out form', async () => {
    const [oos, spelled, other] = await embeddings.embedDocuments(['OOS investigation', 'out-of-specification investigation', 'equipment cleaning investigation']);
    assert.ok(cosine(oos ?? [], spelled ?? []) > cosine(oos ?? [], other ?? []));
  });

  it('gives an empty text the zero vector instead of NaN', async () => {
    const v = await embeddings.embedQuery('the of and');
    assert.ok(v.every((x) => x === 0));
  });
});
