// The offline default embedding: feature hashing (Weinberger et al., 2009) of stemmed words,
// word bigrams and character 3-5-grams (fastText-style subwords), with sublinear term
// frequency, signed buckets and L2 normalisation. Deterministic, no model weights, no network.
import type { Embeddings } from '../../ports/embeddings';
import { porterStem } from '../../rag/stem';
import { expansionOf } from '../../rag/synonyms';
import { contentTokens } from '../../rag/text';

export interface HashEmbeddingsOptions {
  /** Vector length; 512 keeps 100,000 chunks near 200 MB in the HNSW index. */
  dimensions?: number;
}

/** Relative weight of each feature family (words carry meaning; subwords catch variants and typos). */
const WORD_WEIGHT = 1.0;
const BIGRAM_WEIGHT = 0.6;
const SUBWORD_WEIGHT = 0.45;
const EXPANSION_WEIGHT = 0.6;
const VERSION = 1;

export class HashEmbeddings implements Embeddings {
  readonly id: string;
  readonly dimensions: number;

  constructor(options: HashEmbeddingsOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16) throw new Error(`hash embeddings need at least 16 whole dimensions, got ${this.dimensions}`);
    this.id = `hash-v${VERSION}-${this.dimensions}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** Synchronous form for callers that embed in bulk (benchmarks, rebuilds). */
  embed(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const tokens = contentTokens(text);
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, count] of counts) {
      const tf = 1 + Math.log(count);
      this.addWord(vector, token, tf, WORD_WEIGHT);
      const expansion = expansionOf(token);
      if (expansion) for (const word of contentTokens(expansion)) this.addWord(vector, word, tf, EXPANSION_WEIGHT);
    }
    const bigrams = new Map<string, number>();
    for (let i = 1; i < tokens.length; i++) {
      const key = `${porterStem(tokens[i - 1] ?? '')} ${porterStem(tokens[i] ?? '')}`;
      bigrams.set(key, (bigrams.get(key) ?? 0) + 1);
    }
    for (const [bigram, count] of bigrams) this.add(vector, `b:${bigram}`, BIGRAM_WEIGHT * (1 + Math.log(count)));
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }

  private addWord(vector: Float64Array, token: string, tf: number, weight: number): void {
    this.add(vector, `w:${porterStem(token)}`, weight * tf);
    if (/^\d/.test(token)) return;
    const padded = `<${token}>`;
    const grams: string[] = [];
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
    const each = (weight * SUBWORD_WEIGHT * tf) / Math.sqrt(grams.length || 1);
    for (const gram of grams) this.add(vector, `c:${gram}`, each);
  }

  private add(vector: Float64Array, feature: string, weight: number): void {
    const h = mix(fnv1a(feature));
    const index = h % this.dimensions;
    // The top bit picks the sign, so colliding features cancel on average instead of adding up.
    const sign = h >>> 31 === 0 ? 1 : -1;
    vector[index] = (vector[index] ?? 0) + sign * weight;
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3 finaliser: spreads FNV's weak low bits over the whole word. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
