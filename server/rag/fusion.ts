// Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): score = sum of
// 1 / (k + rank) over the ranked lists. It needs no score calibration between BM25 and
// cosine similarity, and k = 60 is the value the paper found robust.
export const RRF_K = 60;

export interface Fused {
  id: number;
  score: number;
}

export function reciprocalRankFusion(lists: ReadonlyArray<readonly number[]>, k = RRF_K, weights?: readonly number[]): Fused[] {
  const scores = new Map<number, number>();
  lists.forEach((list, li) => {
    const weight = weights?.[li] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  });
  // Ties (same score) keep a stable order: the id seen first in the first list wins.
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
