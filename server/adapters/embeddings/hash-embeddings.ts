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
  private readonly cache = new Map<string, TokenFeatures>();

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
    const tokens = contentTokens(text).map((t) => this.featuresOf(t));
    const weightAt = (i: number): number => (weightOf ? weightOf(tokens[i]?.stem ?? '') : 1);
    const words = new Map<TokenFeatures, { count: number; weight: number }>();
    tokens.forEach((token, i) => {
      const seen = words.get(token);
      if (seen) seen.count++;
      else words.set(token, { count: 1, weight: weightAt(i) });
    });
    for (const [token, { count, weight }] of words) {
      const tf = (1 + Math.log(count)) * weight;
      this.addWord(vector, token, tf * this.weights.word);
      for (const word of token.expansion) this.addWord(vector, word, tf * this.weights.expansion);
    }
    const bigrams = new Map<string, { count: number; weight: number }>();
    for (let i = 1; i < tokens.length; i++) {
      const key = `b:${tokens[i - 1]?.stem} ${tokens[i]?.stem}`;
      const seen = bigrams.get(key);
      if (seen) seen.count++;
      else bigrams.set(key, { count: 1, weight: Math.sqrt(weightAt(i - 1) * weightAt(i)) });
    }
    for (const [bigram, { count, weight }] of bigrams) addSlot(vector, this.slotOf(bigram), this.weights.bigram * (1 + Math.log(count)) * weight);
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }

  private addWord(vector: Float64Array, token: TokenFeatures, weight: number): void {
    addSlot(vector, token.wordSlot, weight);
    const each = weight * this.weights.subword * token.subwordScale;
    for (const slot of token.subwordSlots) addSlot(vector, slot, each);
  }

  /** Stem and hashed feature slots of a word, computed once per distinct word (Zipf: most repeat). */
  private featuresOf(token: string): TokenFeatures {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const stem = porterStem(token);
    const subwordSlots: number[] = [];
    if (!/^\d/.test(token)) {
      const padded = `<${token}>`;
      for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) subwordSlots.push(this.slotOf(`c:${padded.slice(i, i + n)}`));
    }
    const expansion = expansionOf(token);
    const features: TokenFeatures = {
      stem,
      wordSlot: this.slotOf(`w:${stem}`),
      subwordSlots: Int32Array.from(subwordSlots),
      subwordScale: 1 / Math.sqrt(subwordSlots.length || 1),
      expansion: expansion ? contentTokens(expansion).map((w) => this.featuresOf(w)) : [],
    };
    if (this.cache.size >= TOKEN_CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, features);
    return features;
  }

  /** Bucket index + 1, negative when the feature counts negatively (the top hash bit picks the sign,
   * so colliding features cancel on average instead of adding up). */
  private slotOf(feature: string): number {
    const h = mix(fnv1a(feature));
    const slot = (h % this.dimensions) + 1;
    return h >>> 31 === 0 ? slot : -slot;
  }
}

interface TokenFeatures {
  stem: string;
  wordSlot: number;
  subwordSlots: Int32Array;
  subwordScale: number;
  expansion: TokenFeatures[];
}

const TOKEN_CACHE_LIMIT = 200_000;

function addSlot(vector: Float64Array, slot: number, weight: number): void {
  if (slot > 0) vector[slot - 1] = (vector[slot - 1] ?? 0) + weight;
  else vector[-slot - 1] = (vector[-slot - 1] ?? 0) - weight;
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
