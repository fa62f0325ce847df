// Retrieval evaluation: each question of a JSON Lines set is run through keyword-only,
// vector-only and hybrid search; recall@5 is the share of questions with an expected page in
// the top 5 hits, MRR the mean of 1 / rank of the first expected page in the top 10.
import fs from 'node:fs';
import { z } from 'zod';
import type { DocumentIndex } from './document-index';
import type { SearchMode } from './types';

const questionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  expected: z.array(z.object({ doc: z.string().min(1), page: z.number().int().min(1), revision: z.string().optional() })).min(1),
  category: z.string().min(1),
  includeSuperseded: z.boolean().optional(),
});
export type RetrievalQuestion = z.infer<typeof questionSchema>;

export interface ModeScore {
  questions: number;
  recallAtK: number;
  mrr: number;
}

export interface ModeReport extends ModeScore {
  byCategory: Record<string, ModeScore>;
  /** Question ids without an expected page in the top k. */
  misses: string[];
}

export interface RetrievalEvalReport {
  questions: number;
  k: number;
  mrrDepth: number;
  modes: Record<SearchMode, ModeReport>;
  /** Expected documents that are not in the index (the set and the sources disagree). */
  missingDocuments: string[];
}

export const EVAL_MODES: readonly SearchMode[] = ['keyword', 'vector', 'hybrid'];

/** A question set that cannot be used: missing, unreadable, a bad line, or no questions at all. */
export class QuestionSetError extends Error {
  override readonly name = 'QuestionSetError';
}

/** Reads and checks a question file; a bad line is named by its number. */
export function loadQuestions(file: string): RetrievalQuestion[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new QuestionSetError(`${file}: cannot read the question set (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const questions: RetrievalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new QuestionSetError(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const result = questionSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new QuestionSetError(`${file}:${i + 1}: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid question'}`);
    }
    questions.push(result.data);
  });
  // An empty set would score every mode 0 and prove nothing.
  if (!questions.length) throw new QuestionSetError(`${file}: no questions in the set`);
  return questions;
}

export async function evaluateRetrieval(index: DocumentIndex, questions: readonly RetrievalQuestion[], options: { k?: number; mrrDepth?: number } = {}): Promise<RetrievalEvalReport> {
  const k = options.k ?? 5;
  const mrrDepth = Math.max(k, options.mrrDepth ?? 10);
  const known = new Set(index.documents().map((d) => d.id));
  const missingDocuments = [...new Set(questions.flatMap((q) => q.expected.map((e) => e.doc)).filter((doc) => !known.has(doc)))].sort();
  const modes = {} as Record<SearchMode, ModeReport>;
  for (const mode of EVAL_MODES) {
    const ranks: { category: string; rank: number | undefined; id: string }[] = [];
    for (const q of questions) {
      const hits = await index.search(q.question, { k: mrrDepth, mode, ...(q.includeSuperseded ? { includeSuperseded: true } : {}) });
      const at = hits.findIndex((h) => q.expected.some((e) => e.doc === h.docId && e.page === h.page && (e.revision === undefined || e.revision === h.revision)));
      ranks.push({ category: q.category, rank: at >= 0 ? at + 1 : undefined, id: q.id });
    }
    const byCategory: Record<string, ModeScore> = {};
    for (const category of [...new Set(ranks.map((r) => r.category))].sort()) byCategory[category] = score(ranks.filter((r) => r.category === category), k);
    modes[mode] = { ...score(ranks, k), byCategory, misses: ranks.filter((r) => r.rank === undefined || r.rank > k).map((r) => r.id) };
  }
  return { questions: questions.length, k, mrrDepth, modes, missingDocuments };
}

function score(ranks: readonly { rank: number | undefined }[], k: number): ModeScore {
  const n = ranks.length;
  if (n === 0) return { questions: 0, recallAtK: 0, mrr: 0 };
  const recalled = ranks.filter((r) => r.rank !== undefined && r.rank <= k).length;
  const mrr = ranks.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n;
  return { questions: n, recallAtK: recalled / n, mrr };
}
