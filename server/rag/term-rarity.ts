// How common each (Porter-stemmed) word is among the indexed chunks, read from the FTS5 index
// itself (fts5vocab) once per index generation. It gives the inverse document frequency that
// weights query words for embeddings that support it, and the posting counts that keep keyword
// queries cheap on large indexes.
import type { Db } from '../store/database';
import { porterStem } from './stem';

/** Embeddings that can weight the words of a query (the hash embeddings do). */
export interface WeightedQueryEmbeddings {
  embedWeightedQuery(text: string, weightOf: (stem: string) => number): Promise<number[]>;
}

export const supportsWeightedQueries = (embeddings: object): embeddings is WeightedQueryEmbeddings =>
  typeof (embeddings as Partial<WeightedQueryEmbeddings>).embedWeightedQuery === 'function';

export interface TermStatistics {
  /** Chunks in the index. */
  chunks: number;
  /** BM25's IDF, ln(1 + (N - df + 0.5) / (df + 0.5)), of a stem. */
  idf(stem: string): number;
  /** Chunks a query term or phrase can match at most (FTS5 tokenises it like the index does). */
  postings(term: string): number;
}

export class TermRarity {
  private loaded?: { generation: number; stats: TermStatistics };

  constructor(private readonly db: Db) {}

  at(generation: number): TermStatistics {
    if (this.loaded?.generation === generation) return this.loaded.stats;
    // A TEMP table lives with this connection only; the schema stays as the migrations made it.
    this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.document_chunks_vocab USING fts5vocab(main, 'document_chunks_fts', 'row')");
    const chunks = Number(this.db.prepare('SELECT count(*) FROM document_chunks').pluck().get());
    const df = new Map<string, number>();
    for (const [term, doc] of this.db.prepare('SELECT term, doc FROM temp.document_chunks_vocab').raw().iterate() as Iterable<[string, number]>) df.set(term, doc);
    const idfOf = (n: number) => Math.log(1 + (chunks - n + 0.5) / (n + 0.5));
    const unseen = idfOf(0);
    const stats: TermStatistics = {
      chunks,
      idf: (stem) => {
        const n = df.get(stem);
        return n === undefined ? unseen : idfOf(n);
      },
      // unicode61 splits on anything but letters and digits; porter stems each token.
      postings: (term) => Math.min(...term.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((t) => df.get(porterStem(t)) ?? 0)),
    };
    this.loaded = { generation, stats };
    return stats;
  }
}
