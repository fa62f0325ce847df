// `qloop eval --copilot`: the golden set against the demo plant, one world per plant change.
import path from 'node:path';
import { PlantCatalog } from '../../plant/catalog';
import { loadPlant } from '../../plant/load';
import { createChatModel, type ChatModelSettings } from '../models';
import { EvalInputError } from './eval-input-error';
import { loadGolden, type GoldenCase } from './golden';
import { summarize, type EvalSummary } from './report';
import { runCase, type CaseResult } from './run';
import { buildWorld, temporaryDocumentIndex, type EvalWorld } from './world';

export const DEFAULT_GOLDEN = 'eval/golden.jsonl';
/** The plant's SOPs plus the evaluation's own poisoned document (instructions hidden in SOP text). */
export const DEFAULT_DOCUMENTS = ['sops', 'eval/documents'];

export interface CopilotEvalOptions {
  goldenFile?: string;
  plantFile: string;
  model: ChatModelSettings;
  /** Document folders to index for sop_search; [] runs without a document index. */
  documents?: readonly string[];
  /** Only cases whose id or category starts with this. */
  filter?: string;
  cwd?: string;
  /** Runs the set this many times (the bench uses the later, warm passes). */
  passes?: number;
}

export interface CopilotEvalRun {
  model: string;
  documents: number;
  results: CaseResult[];
  /** Per pass, for the bench. */
  passes: CaseResult[][];
  /** Process CPU time (user + system) of each pass, ms: less sensitive than latency to a busy machine. */
  passCpuMs: number[];
  summary: EvalSummary;
}

export async function runCopilotEval(options: CopilotEvalOptions): Promise<CopilotEvalRun> {
  const cwd = options.cwd ?? process.cwd();
  const goldenFile = path.resolve(cwd, options.goldenFile ?? DEFAULT_GOLDEN);
  const cases = loadGolden(goldenFile).filter((c) => !options.filter || c.id.startsWith(options.filter) || c.category.startsWith(options.filter));
  // A run of no cases scores 0 of 0 on every bar: it must not pass as a run that met them.
  if (!cases.length) throw new EvalInputError(`no case in ${goldenFile} has an id or category starting with "${options.filter}"`);
  const dataset = loadPlant(path.resolve(cwd, options.plantFile));
  const catalog = new PlantCatalog(dataset);
  const model = createChatModel(options.model, catalog);
  const folders = options.documents ?? DEFAULT_DOCUMENTS;
  const index = folders.length ? await temporaryDocumentIndex(folders, cwd) : undefined;
  try {
    const passes: CaseResult[][] = [];
    const passCpuMs: number[] = [];
    for (let pass = 0; pass < (options.passes ?? 1); pass++) {
      const cpu = process.cpuUsage();
      const worlds = new Map<string, EvalWorld>();
      // One world per plant change; the recording proposal flow starts empty for every case (it
      // never writes to the MES, so cases cannot see each other's proposals otherwise).
      const world = async (c: GoldenCase) => {
        const key = c.setup ?? 'plain';
        let w = worlds.get(key);
        if (!w) worlds.set(key, (w = await buildWorld(dataset, catalog, model, index?.index, c.setup)));
        w.proposals.reset();
        return w;
      };
      const results: CaseResult[] = [];
      for (const c of cases) results.push(await runCase(c, await world(c), catalog));
      passes.push(results);
      const used = process.cpuUsage(cpu);
      passCpuMs.push((used.user + used.system) / 1000);
    }
    const results = passes[0] ?? [];
    return { model: model.name, documents: index?.documents ?? 0, results, passes, passCpuMs, summary: summarize(results) };
  } finally {
    index?.close();
  }
}
