// deviation_search: past deviation reports (the plant's records, and indexed deviation exports
// when the document index has them), by equipment, lot, test or words.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { DeviationReport } from '../../domain/types';
import type { Citation } from '../../realtime/contract';
import { guarded, toolAnswer, turnContext, visibleLines, type CopilotToolDeps } from './context';
import { equipmentArg, lotArg, resolveTestCode, testArg } from './lookup';

export const deviationSearchSchema = z.object({
  id: z.string().trim().regex(/^DEV-\d{4}-\d{3,}$/i, 'id must be a deviation id like DEV-2024-019; fix the argument and try again').optional().describe('One deviation report by id, e.g. DEV-2024-019.'),
  query: z.string().trim().max(300, 'query is longer than 300 characters; shorten it and try again').optional().describe('Words to match, e.g. "viscosity low after mixing".'),
  equipment: equipmentArg.optional().describe('Only deviations naming this equipment, e.g. TK-07.'),
  lot: lotArg.optional().describe('Only deviations naming this lot.'),
  test: testArg.optional().describe('Only deviations about this test, e.g. VISC.'),
  k: z.number().int().min(1).max(10).optional().describe('At most this many reports (default 5).'),
});

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);

function relevance(deviation: DeviationReport, query: string[]): number {
  if (query.length === 0) return 0;
  const text = words(`${deviation.title} ${deviation.description} ${deviation.rootCause} ${deviation.capa} ${deviation.test ?? ''}`);
  return query.filter((q) => text.some((w) => w.startsWith(q.slice(0, 5)))).length;
}

export function deviationSearchTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        const lines = new Set(visibleLines(user, deps.catalog.lines().map((l) => l.id)));
        const lineOf = (d: DeviationReport) => [...d.lotIds.map((id) => deps.catalog.lot(id)?.lineId), ...d.equipmentIds.map((id) => deps.catalog.equipment(id)?.lineId)].filter((x): x is string => !!x);
        const equipmentId = args.equipment?.toUpperCase().replace(/[\s_]+/g, '-');
        const lotId = args.lot ? (deps.catalog.resolveLot(args.lot)?.id ?? args.lot.toUpperCase()) : undefined;
        const test = args.test ? resolveTestCode(deps.catalog, args.test) : undefined;
        const query = words(args.query ?? '');
        const wanted = args.id?.toUpperCase();
        const matches = deps.catalog
          .deviations()
          .filter((d) => lineOf(d).length === 0 || lineOf(d).some((l) => lines.has(l)))
          .filter((d) => !wanted || d.id === wanted)
          .filter((d) => !equipmentId || d.equipmentIds.some((e) => e.replace(/-/g, '') === equipmentId.replace(/-/g, '')))
          .filter((d) => !lotId || d.lotIds.includes(lotId))
          .filter((d) => !test || d.test === test)
          .map((d) => ({ d, score: relevance(d, query) }))
          .filter(({ score }) => query.length === 0 || score > 0 || !!(equipmentId || lotId || test || wanted))
          .sort((a, b) => b.score - a.score || b.d.openedAt.localeCompare(a.d.openedAt))
          .slice(0, args.k ?? 5)
          .map(({ d }) => d);
        const indexed = deps.documents && args.query ? await deps.documents.search(args.query, { k: 3, type: ['deviation'] }) : [];
        const extra = indexed.filter((h) => !matches.some((d) => d.id === h.docId));
        const sources: Citation[] = [
          ...matches.map((d) => ({ docId: d.id, title: `Deviation ${d.id}: ${d.title}` })),
          ...extra.map((h) => ({ docId: h.docId, title: h.title, revision: h.revision, page: h.page })),
        ];
        return toolAnswer(
          {
            filters: { ...(wanted ? { id: wanted } : {}), ...(equipmentId ? { equipment: equipmentId } : {}), ...(lotId ? { lot: lotId } : {}), ...(test ? { test } : {}), ...(args.query ? { query: args.query } : {}) },
            count: matches.length,
            deviations: matches.map((d) => ({
              id: d.id, title: d.title, status: d.status, classification: d.classification, openedAt: d.openedAt, ...(d.closedAt ? { closedAt: d.closedAt } : {}),
              lots: d.lotIds, equipment: d.equipmentIds, test: d.test ?? null, description: d.description, rootCause: d.rootCause, capa: d.capa,
            })),
            ...(extra.length ? { indexedPassages: extra.map((h) => ({ docId: h.docId, title: h.title, page: h.page, text: h.text.slice(0, 500) })) } : {}),
          },
          sources,
        );
      }),
    {
      name: 'deviation_search',
      description:
        'Past deviation reports (id, title, dates, classification, lots, equipment, test, description, root cause, CAPA), filtered by equipment, ' +
        'lot, test and/or words, or one report by id. Use it for "have we had viscosity deviations on tank 7 before", "deviations for LOT-24-0114".',
      schema: deviationSearchSchema,
    },
  );
}
