// Document retrieval benchmark (npm run bench, or node --import tsx bench/rag.bench.ts):
// ingest pages/s on the real corpus; query p50/p95 at 10,000 and 100,000 chunks (synthetic
// scale-up from the corpus' own sentences); HNSW recall@10 against exact search; resident memory
// of a fresh process serving 100,000 chunks; and LangChain's MemoryVectorStore and HNSWLib on
// the same vectors. Figures are printed (table, then one JSON line), never asserted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import { HashEmbeddings } from '../server/adapters/embeddings/hash-embeddings';
import { DocumentIndex, type SourceDocument } from '../server/rag/document-index';
import { loadQuestions } from '../server/rag/retrieval-eval';
import { blobToVector } from '../server/rag/store/document-store';
import { DEFAULT_HNSW } from '../server/rag/vector-index';
import type { DocType, SearchMode } from '../server/rag/types';
import { openDatabase, type Db } from '../server/store/database';
import { seededRandom } from '../simulators/seeded-random';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(REPO, '../shared/corpus');
const QUERIES = 300;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => Math.round(x * 1000) / 1000;
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);


interface Latency {
  p50: number;
  p95: number;
  /** Process CPU time per query: what the query costs when the shared machine is busy. */
  cpuP50: number;
  cpuP95: number;
}

async function timeQueries(index: DocumentIndex, queries: string[], mode: SearchMode, k = 5): Promise<Latency> {
  for (const q of queries.slice(0, 20)) await index.search(q, { mode, k }); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (const q of queries) {
    const c = process.cpuUsage();
    const t = performance.now();
    await index.search(q, { mode, k });
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { p50: ms(pct(times, 50)), p95: ms(pct(times, 95)), cpuP50: ms(pct(cpu, 50)), cpuP95: ms(pct(cpu, 95)) };
}

/** Sentences of the real chunks, grouped by document: the material synthetic chunks are made of. */
export function sentencePools(db: Db): string[][] {
  const byDoc = new Map<string, string[]>();
  for (const row of db.prepare('SELECT doc_key AS doc, text FROM document_chunks').all() as { doc: string; text: string }[]) {
    const list = byDoc.get(row.doc) ?? [];
    list.push(...row.text.split(/(?<=[.;:])\s+/).filter((s) => s.length > 30));
    byDoc.set(row.doc, list);
  }
  return [...byDoc.values()].filter((l) => l.length > 10);
}

/** Synthetic documents: 40 chunks each, sentences mostly from one source document (topical), some from anywhere. */
function syntheticSource(pools: string[][], random: () => number, firstDoc: number, docs: number): SourceDocument[] {
  const types: DocType[] = ['sop', 'guidance', 'deviation', 'work-instruction'];
  const products = ['PRD-IBU400', 'PRD-PARA-SUS', 'PRD-AML5', 'PRD-MET500'];
  const out: SourceDocument[] = [];
  for (let d = 0; d < docs; d++) {
    const home = pools[Math.floor(random() * pools.length)] ?? [];
    const chunks = Array.from({ length: 40 }, (_, c) => {
      const sentences = Array.from({ length: 4 + Math.floor(random() * 4) }, () => {
        const pool = random() < 0.75 ? home : (pools[Math.floor(random() * pools.length)] ?? home);
        return pool[Math.floor(random() * pool.length)] ?? '';
      });
      return { page: Math.floor(c / 4) + 1, seq: c, section: `${1 + Math.floor(c / 8)}. Section`, text: sentences.join(' ') };
    });
    const n = firstDoc + d;
    out.push({
      meta: { id: `SYN-${String(n).padStart(5, '0')}`, title: `Synthetic document ${n}`, type: types[n % 4] ?? 'sop', revision: '1', status: n % 20 === 0 ? 'superseded' : 'effective', products: [products[n % 4] ?? '*'], equipment: [], tests: [] },
      format: 'text',
      pages: Array.from({ length: 10 }, (_, p) => ({ page: p + 1, text: chunks.filter((c) => c.page === p + 1).map((c) => c.text).join('\n') })),
      chunks,
    });
  }
  return out;
}

export async function growTo(index: DocumentIndex, pools: string[][], random: () => number, targetChunks: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let chunks = index.store.chunkCount();
  let source = Math.floor(chunks / 1000);
  while (chunks < targetChunks) {
    const docs = syntheticSource(pools, random, source * 25, 25); // 1,000 chunks per synthetic source file
    await index.replaceSource(`/synthetic/source-${source}.txt`, `h${source}`, 'text', docs, new Date().toISOString());
    chunks += 1000;
    source++;
  }
  await index.flush();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** The true 10 nearest chunks of each query vector, by brute-force cosine search over every stored vector. */
function exactNeighbours(db: Db, queryVectors: number[][]): Set<number>[] {
  const rows = db.prepare('SELECT id, vector FROM document_chunks').all() as { id: number; vector: Buffer }[];
  const exact = new hnswlib.BruteforceSearch('cosine', queryVectors[0]?.length ?? 0);
  exact.initIndex(rows.length);
  for (const row of rows) exact.addPoint(Array.from(blobToVector(row.vector)), row.id);
  return queryVectors.map((q) => new Set(exact.searchKnn(q, 10).neighbors));
}

function recallAt10(truth: Set<number>[], queryVectors: number[][], search: (q: number[]) => number[]): number {
  let found = 0;
  queryVectors.forEach((q, i) => (found += search(q).filter((id) => truth[i]?.has(id)).length));
  return Math.round((found / (queryVectors.length * 10)) * 1000) / 1000;
}

/** HNSW recall@10 of the persisted graph at the configured efSearch. */
function hnswRecall(dataDir: string, truth: Set<number>[], queryVectors: number[][]): number {
  const graph = new hnswlib.HierarchicalNSW('cosine', queryVectors[0]?.length ?? 0);
  graph.readIndexSync(path.join(dataDir, 'index', 'chunks.hnsw'), true);
  graph.setEf(DEFAULT_HNSW.efSearch);
  return recallAt10(truth, queryVectors, (q) => graph.searchKnn(q, 10).neighbors);
}

/** LangChain's stock stores on the same vectors: p50/p95 of similaritySearch(query, 10). */
async function langchainStores(db: Db, hash: HashEmbeddings, queries: string[], hnswCheck?: { truth: Set<number>[]; queryVectors: number[][] }) {
  // Imported here, so the serving process (--serve) measures qloop's memory, not LangChain's.
  const { Embeddings } = await import('@langchain/core/embeddings');
  const { Document } = await import('@langchain/core/documents');
  const { HNSWLib } = await import('@langchain/community/vectorstores/hnswlib');
  const rows = db.prepare('SELECT id, text, vector FROM document_chunks ORDER BY id').all() as { id: number; text: string; vector: Buffer }[];
  const vectors = rows.map((r) => Array.from(blobToVector(r.vector)));
  const docs = rows.map((r) => new Document({ pageContent: r.text, metadata: { id: r.id } }));
  const embeddings = new (class extends Embeddings {
    async embedDocuments(texts: string[]) {
      return texts.map((t) => hash.embed(t));
    }
    async embedQuery(text: string) {
      return hash.embed(text);
    }
  })({});
  const stores: [string, { similaritySearch(q: string, k: number): Promise<unknown> }][] = [];
  const { MemoryVectorStore } = await import('@langchain/classic/vectorstores/memory');
  const memory = new MemoryVectorStore(embeddings);
  await memory.addVectors(vectors, docs);
  stores.push(['MemoryVectorStore', memory]);
  const out: Record<string, { p50: number; p95: number; recallAt10?: number }> = {};
  if (hnswCheck) {
    const hnsw = new HNSWLib(embeddings, { space: 'cosine', numDimensions: vectors[0]?.length ?? 0 });
    await hnsw.addVectors(vectors, docs);
    stores.push(['HNSWLib', hnsw]);
    // Labels are insertion positions; its ef stays at hnswlib's default (10), as LangChain leaves it.
    const recall = recallAt10(hnswCheck.truth, hnswCheck.queryVectors, (q) => hnsw.index.searchKnn(q, 10).neighbors.map((label) => rows[label]?.id ?? -1));
    out.HNSWLibRecall = { p50: NaN, p95: NaN, recallAt10: recall };
  }
  for (const [name, store] of stores) {
    const times: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await store.similaritySearch(q, 10);
      times.push(performance.now() - t);
    }
    out[name] = { ...out[name], p50: ms(pct(times, 50)), p95: ms(pct(times, 95)) };
  }
  if (out.HNSWLibRecall && out.HNSWLib) out.HNSWLib.recallAt10 = out.HNSWLibRecall.recallAt10;
  delete out.HNSWLibRecall;
  return out;
}

/** `--serve <dataDir>`: a fresh process that opens the index as the server would, queries it, and reports RSS. */
async function serveChild(dataDir: string, queries: string[]): Promise<void> {
  const db = openDatabase(dataDir, { synchronous: 'NORMAL' });
  const index = new DocumentIndex({ db, dataDir, embeddings: new HashEmbeddings() });
  const t = performance.now();
  await index.prepare();
  const loadSeconds = (performance.now() - t) / 1000;
  const result = { loadSeconds, hybrid: await timeQueries(index, queries, 'hybrid'), keyword: await timeQueries(index, queries, 'keyword'), vector: await timeQueries(index, queries, 'vector'), rssMb: rssMb() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  db.close();
}

async function main(): Promise<void> {
  const queryArgs = process.argv.indexOf('--serve');
  const questions = loadQuestions(path.join(REPO, 'ingest/eval/retrieval-questions.jsonl')).map((q) => q.question);
  const random = seededRandom(42);
  if (queryArgs >= 0) return serveChild(process.argv[queryArgs + 1] ?? '', JSON.parse(fs.readFileSync(0, 'utf8')) as string[]);
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-bench-rag-'));
  const db = openDatabase(dataDir, { synchronous: 'NORMAL' });
  const hash = new HashEmbeddings();
  const index = new DocumentIndex({ db, dataDir, embeddings: hash });
  try {
    const { ingestDocuments } = await import('../server/rag/ingest');
    let t = performance.now();
    const ingestCpu = process.cpuUsage();
    const ingest = await ingestDocuments(index, { paths: [CORPUS, path.join(REPO, 'sops')] });
    const ingestSeconds = (performance.now() - t) / 1000;
    const ingestCpuUsed = process.cpuUsage(ingestCpu);
    const ingestCpuSeconds = (ingestCpuUsed.user + ingestCpuUsed.system) / 1e6;
    const pools = sentencePools(db);
    const synthetic = Array.from({ length: QUERIES - questions.length }, () => {
      const pool = pools[Math.floor(random() * pools.length)] ?? [];
      const words = (pool[Math.floor(random() * pool.length)] ?? '').split(' ');
      const start = Math.floor(random() * Math.max(1, words.length - 8));
      return words.slice(start, start + 3 + Math.floor(random() * 6)).join(' ');
    });
    const queries = [...questions, ...synthetic].slice(0, QUERIES);
    const stages: Record<string, unknown> = {};
    for (const target of [10_000, 100_000]) {
      const build = await growTo(index, pools, random, target);
      const chunks = index.store.chunkCount();
      const queryVectors = queries.slice(0, 200).map((q) => hash.embed(q));
      const truth = exactNeighbours(db, queryVectors);
      const recall = hnswRecall(dataDir, truth, queryVectors);
      const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', dataDir], { input: JSON.stringify(queries), encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`serving process failed: ${child.stderr}`);
      const served = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Stage['served'];
      t = performance.now();
      const ours = await timeQueries(index, queries.slice(0, 100), 'vector', 10);
      // MemoryVectorStore scans every vector per query (about a second at 100,000): fewer queries there.
      const lc = await langchainStores(db, hash, queries.slice(0, target > 10_000 ? 10 : 100), target <= 10_000 ? { truth, queryVectors } : undefined);
      stages[target] = { chunks, buildSeconds: Math.round(build.seconds), buildCpuSeconds: Math.round(build.cpuSeconds), hnswRecallAt10: recall, served, vectorK10: ours, langchain: lc, ratios: Object.fromEntries(Object.entries(lc).map(([name, v]) => [name, { p50: Math.round((v.p50 / ours.p50) * 10) / 10, p95: Math.round((v.p95 / ours.p95) * 10) / 10 }])) };
      printStage(target, stages[target] as Stage);
    }
    const summary = { bench: 'rag', ingest: { documents: ingest.documents, pages: ingest.pages, chunks: ingest.chunks, seconds: Math.round(ingestSeconds * 10) / 10, pagesPerSecond: Math.round((ingest.pages / ingestSeconds) * 10) / 10, pagesPerCpuSecond: Math.round((ingest.pages / ingestCpuSeconds) * 10) / 10 }, stages, totalSeconds: Math.round((performance.now() - started) / 1000) };
    process.stdout.write(`\ningest: ${summary.ingest.documents} documents, ${summary.ingest.pages} pages, ${summary.ingest.chunks} chunks in ${summary.ingest.seconds} s = ${summary.ingest.pagesPerSecond} pages/s (${summary.ingest.pagesPerCpuSecond} pages per CPU second)\ntotal ${summary.totalSeconds} s\n${JSON.stringify(summary)}\n`);
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Stage {
  chunks: number;
  buildSeconds: number;
  buildCpuSeconds: number;
  hnswRecallAt10: number;
  served: { loadSeconds: number; rssMb: number; hybrid: Latency; keyword: Latency; vector: Latency };
  vectorK10: Latency;
  langchain: Record<string, { p50: number; p95: number; recallAt10?: number }>;
  ratios: Record<string, { p50: number; p95: number }>;
}

function printStage(target: number, s: Stage): void {
  const row = (name: string, v: { p50: number; p95: number; cpuP50?: number; cpuP95?: number }, extra = '') =>
    `  ${name.padEnd(34)} p50 ${v.p50.toFixed(2).padStart(7)} ms  p95 ${v.p95.toFixed(2).padStart(7)} ms${v.cpuP50 !== undefined ? `  (CPU ${v.cpuP50.toFixed(2)} / ${v.cpuP95?.toFixed(2)} ms)` : ''} ${extra}`;
  const lines = [
    `\n${target.toLocaleString('en')} chunks (built in ${s.buildSeconds} s, ${s.buildCpuSeconds} s CPU; fresh process loads the index in ${s.served.loadSeconds.toFixed(1)} s, RSS ${s.served.rssMb} MB)`,
    `  HNSW recall@10 vs exact search: ${s.hnswRecallAt10}`,
    row('qloop hybrid (k=5)', s.served.hybrid),
    row('qloop keyword (k=5)', s.served.keyword),
    row('qloop vector (k=5)', s.served.vector),
    row('qloop vector (k=10)', s.vectorK10),
    ...Object.entries(s.langchain).map(([name, v]) =>
      row(`LangChain ${name} (k=10)`, v, `= ${s.ratios[name]?.p50}x / ${s.ratios[name]?.p95}x qloop vector${v.recallAt10 !== undefined ? `, recall@10 ${v.recallAt10}` : ''}`)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Run only when executed, so the synthetic corpus builder can be imported by experiments.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
