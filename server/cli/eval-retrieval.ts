// `qloop eval --retrieval`: ingests the evaluation sources into a throw-away data folder (the
// plant's own index is never touched), runs the question set in the three retrieval modes,
// prints recall@5 and MRR, overall and per category, and says whether the run passes: hybrid
// retrieval must beat both single modes on a set whose documents were all ingested.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HashEmbeddings } from '../adapters/embeddings/hash-embeddings';
import { EvalInputError } from '../copilot/eval/eval-input-error';
import type { Embeddings } from '../ports/embeddings';
import { discoverFiles } from '../rag/discover';
import { DocumentIndex } from '../rag/document-index';
import { ingestDocuments, type IngestSummary } from '../rag/ingest';
import { EVAL_MODES, evaluateRetrieval, loadQuestions, type RetrievalEvalReport, type RetrievalQuestion } from '../rag/retrieval-eval';
import { openDatabase } from '../store/database';

export interface RetrievalEvalOptions {
  /** JSON Lines question set (default ingest/eval/retrieval-questions.jsonl). */
  questionsFile?: string;
  /** Files, folders and globs to ingest (default ../shared/corpus and sops). */
  sources?: string[];
  /** Only questions whose id or category starts with this; none selected is an input error. */
  filter?: string;
  embeddings?: Embeddings;
  k?: number;
  cwd?: string;
}

export interface RetrievalEvalRun extends RetrievalEvalReport {
  embeddingsId: string;
  ingest: Pick<IngestSummary, 'documents' | 'pages' | 'chunks' | 'failed'>;
}

export const DEFAULT_QUESTIONS = 'ingest/eval/retrieval-questions.jsonl';
export const DEFAULT_SOURCES = ['../shared/corpus', 'sops'];

export async function runRetrievalEval(opts: RetrievalEvalOptions = {}): Promise<RetrievalEvalRun> {
  const cwd = opts.cwd ?? process.cwd();
  const questionsFile = path.resolve(cwd, opts.questionsFile ?? DEFAULT_QUESTIONS);
  const questions = selected(loadQuestions(questionsFile), opts.filter, questionsFile);
  const sources = opts.sources ?? DEFAULT_SOURCES;
  checkSources(sources, cwd);
  const embeddings = opts.embeddings ?? new HashEmbeddings();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-eval-'));
  const db = openDatabase(dataDir, { synchronous: 'NORMAL' });
  try {
    const index = new DocumentIndex({ db, dataDir, embeddings });
    const summary = await ingestDocuments(index, { paths: sources, cwd });
    const report = await evaluateRetrieval(index, questions, opts.k ? { k: opts.k } : {});
    return { ...report, embeddingsId: embeddings.id, ingest: { documents: summary.documents, pages: summary.pages, chunks: summary.chunks, failed: summary.failed } };
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The questions the filter selects (all without one); a filter selecting none means nothing would be measured. */
function selected(questions: RetrievalQuestion[], filter: string | undefined, file: string): RetrievalQuestion[] {
  if (filter === undefined) return questions;
  const chosen = questions.filter((q) => q.id.startsWith(filter) || q.category.startsWith(filter));
  if (!chosen.length) throw new EvalInputError(`no question in ${file} has an id or category starting with "${filter}"`);
  return chosen;
}

/**
 * A source that names nothing (a missing path, a pattern without matches) or a file that cannot
 * be read means the run could not measure the question set: refused before ingesting (exit 2).
 * A readable file that fails to parse stays a shortfall of the run (exit 1).
 */
function checkSources(sources: readonly string[], cwd: string): void {
  const { files, missing } = discoverFiles(sources, cwd);
  const unreadable = files.filter((file) => {
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return false;
    } catch {
      return true;
    }
  });
  const problems = [...missing.map((m) => `${m.path}: ${m.reason}`), ...unreadable.map((file) => `${file}: cannot be read`)];
  if (problems.length) throw new EvalInputError(`cannot use the document sources: ${problems.join('; ')}`);
  if (!files.length) throw new EvalInputError(`the document sources (${sources.join(', ')}) hold no files`);
}

/**
 * Why the run does not pass; empty when it does. Hybrid retrieval exists to beat keyword-only and
 * vector-only search, and a run that missed a source or an expected document measured something
 * other than the question set, so neither counts as a pass.
 */
export function retrievalShortfalls(run: RetrievalEvalRun): string[] {
  const { keyword, vector, hybrid } = run.modes;
  const out: string[] = [];
  if (!(hybrid.recallAtK > keyword.recallAtK && hybrid.recallAtK > vector.recallAtK)) {
    out.push(`hybrid does not beat both single modes on recall@${run.k} (keyword ${pct(keyword.recallAtK).trim()}, vector ${pct(vector.recallAtK).trim()}, hybrid ${pct(hybrid.recallAtK).trim()})`);
  }
  if (run.missingDocuments.length) out.push(`expected documents not in the index: ${run.missingDocuments.join(', ')}`);
  if (run.ingest.failed.length) out.push(`${run.ingest.failed.length} source(s) failed to ingest: ${run.ingest.failed.map((f) => f.path).join(', ')}`);
  return out;
}

/** The run as one JSON line (the last line printed), for scripts and CI. */
export function retrievalSummaryLine(run: RetrievalEvalRun, shortfalls: readonly string[] = retrievalShortfalls(run)): string {
  const modes = Object.fromEntries(EVAL_MODES.map((m) => [m, { recallAtK: run.modes[m].recallAtK, mrr: run.modes[m].mrr }]));
  return JSON.stringify({ eval: 'retrieval', embeddings: run.embeddingsId, questions: run.questions, k: run.k, mrrDepth: run.mrrDepth, modes, passed: shortfalls.length === 0, shortfalls });
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`.padStart(8);

export function formatRetrievalReport(run: RetrievalEvalRun): string {
  const lines = [
    `Retrieval evaluation: ${run.questions} questions, ${run.ingest.documents} documents (${run.ingest.pages} pages, ${run.ingest.chunks} chunks), embeddings ${run.embeddingsId}`,
    '',
  ];
  const categories = [...new Set(EVAL_MODES.flatMap((m) => Object.keys(run.modes[m].byCategory)))];
  const header = ['mode'.padEnd(9), `recall@${run.k}`.padStart(8), `MRR@${run.mrrDepth}`.padStart(7), ...categories.map((c) => `${c} r@${run.k} / MRR`.padStart(22))];
  lines.push(header.join('  '));
  for (const mode of EVAL_MODES) {
    const m = run.modes[mode];
    const perCategory = categories.map((c) => {
      const s = m.byCategory[c];
      return (s ? `${pct(s.recallAtK).trim()} / ${s.mrr.toFixed(3)} (${s.questions})` : '-').padStart(22);
    });
    lines.push([mode.padEnd(9), pct(m.recallAtK), m.mrr.toFixed(3).padStart(7), ...perCategory].join('  '));
  }
  lines.push('');
  for (const f of run.ingest.failed) lines.push(`ingest failed: ${f.path}: ${f.reason}`);
  lines.push(`hybrid misses: ${run.modes.hybrid.misses.join(', ') || 'none'}`);
  const shortfalls = retrievalShortfalls(run);
  lines.push(shortfalls.length ? shortfalls.map((s) => `FAILED: ${s}`).join('\n') : `PASSED: hybrid beats keyword-only and vector-only on recall@${run.k}`);
  return lines.join('\n');
}
