// The offline default embedding: feature hashing (Weinberger et al., 2009) of stemmed words,
// word bigrams and character 3-5-grams (fastText-style subwords), with sublinear term
// frequency, signed buckets and L2 normalisation. Deterministic, no model weights, no network.
import type { Embeddings } from '../../ports/embeddings';
import { porterStem } from '../../rag/stem';
import { expansionOf } from '../../rag/synonyms';
import { contentTokens } from '../../rag/text';

/** Relative weight of each feature family (words carry meaning; subwords catch variants and typos). */
export interface FeatureWeights {
  word: number;
  bigram: number;
  subword: number;
  /** Words of the spelled-out form of an abbreviation. */
  expansion: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { word: 1.0, bigram: 0.3, subword: 0.45, expansion: 0.6 };

export interface HashEmbeddingsOptions {
  /** Vector length; 512 keeps 100,000 chunks near 200 MB in the HNSW index. */
  dimensions?: number;
  weights?: Partial<FeatureWeights>;
}

const VERSION = 1;

export class HashEmbeddings implements Embeddings {
  readonly id: string;
  readonly dimensions: number;
  private readonly weights: FeatureWeights;

  constructor(options: HashEmbeddingsOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16) throw new Error(`hash embeddings need at least 16 whole dimensions, got ${this.dimensions}`);
    this.weights = { ...DEFAULT_FEATURE_WEIGHTS, ...options.weights };
    const custom = (Object.keys(DEFAULT_FEATURE_WEIGHTS) as (keyof FeatureWeights)[]).filter((k) => this.weights[k] !== DEFAULT_FEATURE_WEIGHTS[k]);
    // Vectors made with other weights are not comparable: the id (and so the index) must differ.
    this.id = `hash-v${VERSION}-${this.dimensions}${custom.map((k) => `-${k[0]}${this.weights[k]}`).join('')}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /**
   * A query vector whose words are weighted by how rare they are in the indexed documents
   * (`weightOf(stem)`, e.g. an IDF). Document vectors stay corpus-independent; only the query
   * side is weighted, so "what do I do right away" no longer outweighs "out-of-spec".
   */
  async embedWeightedQuery(text: string, weightOf: (stem: string) => number): Promise<number[]> {
    return this.embed(text, weightOf);
  }

  /** Synchronous form for callers that embed in bulk (benchmarks, rebuilds). */
  embed(text: string, weightOf?: (stem: string) => number): number[] {
    const vector = new Float64Array(this.dimensions);
    const tokens = contentTokens(text);
    const stems = tokens.map((t) => porterStem(t));
    const weightAt = (i: number): number => (weightOf ? weightOf(stems[i] ?? '') : 1);
    const words = new Map<string, { count: number; weight: number }>();
    tokens.forEach((token, i) => {
      const seen = words.get(token);
      if (seen) seen.count++;
      else words.set(token, { count: 1, weight: weightAt(i) });
    });
    for (const [token, { count, weight }] of words) {
      const tf = (1 + Math.log(count)) * weight;
      this.addWord(vector, token, tf, this.weights.word);
      const expansion = expansionOf(token);
      if (expansion) for (const word of contentTokens(expansion)) this.addWord(vector, word, tf, this.weights.expansion);
    }
    const bigrams = new Map<string, { count: number; weight: number }>();
    for (let i = 1; i < tokens.length; i++) {
      const key = `${stems[i - 1]} ${stems[i]}`;
      const seen = bigrams.get(key);
      if (seen) seen.count++;
      else bigrams.set(key, { count: 1, weight: Math.sqrt(weightAt(i - 1) * weightAt(i)) });
    }
    for (const [bigram, { count, weight }] of bigrams) this.add(vector, `b:${bigram}`, this.weights.bigram * (1 + Math.log(count)) * weight);
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
    const each = (weight * this.weights.subword * tf) / Math.sqrt(grams.length || 1);
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
