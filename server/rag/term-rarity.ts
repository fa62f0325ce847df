// How rare each (Porter-stemmed) word is among the indexed chunks, read from the FTS5 index
// itself (fts5vocab): the inverse document frequency used to weight query words for
// embeddings that support it. Reloaded when the index generation changes.
import type { Db } from '../store/database';

/** Embeddings that can weight the words of a query (the hash embeddings do). */
export interface WeightedQueryEmbeddings {
  embedWeightedQuery(text: string, weightOf: (stem: string) => number): Promise<number[]>;
}

export const supportsWeightedQueries = (embeddings: object): embeddings is WeightedQueryEmbeddings =>
  typeof (embeddings as Partial<WeightedQueryEmbeddings>).embedWeightedQuery === 'function';

export class TermRarity {
  private loaded?: { generation: number; weigh: (stem: string) => number };

  constructor(private readonly db: Db) {}

  /** BM25's IDF, ln(1 + (N - df + 0.5) / (df + 0.5)), for the index at `generation`. */
  weigher(generation: number): (stem: string) => number {
    if (this.loaded?.generation === generation) return this.loaded.weigh;
    // A TEMP table lives with this connection only; the schema stays as the migrations made it.
    this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.document_chunks_vocab USING fts5vocab(main, 'document_chunks_fts', 'row')");
    const chunks = Number(this.db.prepare('SELECT count(*) FROM document_chunks').pluck().get());
    const df = new Map<string, number>();
    for (const [term, doc] of this.db.prepare('SELECT term, doc FROM temp.document_chunks_vocab').raw().iterate() as Iterable<[string, number]>) df.set(term, doc);
    const idf = (n: number) => Math.log(1 + (chunks - n + 0.5) / (n + 0.5));
    const unseen = idf(0);
    const weigh = (stem: string): number => {
      const n = df.get(stem);
      return n === undefined ? unseen : idf(n);
    };
    this.loaded = { generation, weigh };
    return weigh;
  }
}
