// lot_status: a lot's disposition and holds from the MES, its work order and line, the open
// OOS results from the LIMS and the deviations that name it.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { Citation } from '../../realtime/contract';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, type CopilotToolDeps } from './context';
import { lotArg, resolveLot, specificationFor } from './lookup';
import { resultCitation, resultView, type ResultView } from './result-view';

export const lotStatusSchema = z.object({
  lot: lotArg.describe('Lot id, e.g. LOT-XYZ789, or the number operators say ("12345").'),
});

/** A failing final result is an open OOS until a closed deviation on that lot and test covers it (SOP-QC-002). */
export function openOos(views: readonly ResultView[], closedDeviationTests: ReadonlySet<string>): ResultView[] {
  return views.filter((v) => v.verdict?.oos && !closedDeviationTests.has(v.test));
}

export function lotStatusTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        const context = await resolveLot(deps, args.lot);
        const { lot, workOrder, line } = context;
        const lineId = lot.lineId ?? line?.id;
        if (!inScope(user, deps.catalog, lineId)) return toolRefusal(scopeRefusal(user, `Lot ${lot.id}`, lineId as string), { refused: 'scope' });
        const results = await deps.lims.findResults({ lotId: lot.id, limit: 200 });
        const views: ResultView[] = [];
        for (const result of results) views.push(resultView(result, await specificationFor(deps, lot.productId, result.test)));
        const deviations = deps.catalog.deviationsForLot(lot.id);
        const closedTests = new Set(deviations.filter((d) => d.status === 'closed' && d.test).map((d) => d.test as string));
        const oos = openOos(views, closedTests);
        const activeHolds = lot.holds.filter((h) => !h.releasedAt);
        const pending = deps.proposals ? await deps.proposals.pending({ lotId: lot.id }) : undefined;
        const product = deps.catalog.product(lot.productId);
        const sources: Citation[] = [
          { docId: `MES:${lot.id}`, title: `MES lot record ${lot.id} (${lot.disposition})` },
          ...results.filter((r) => oos.some((v) => v.resultId === r.id)).map(resultCitation),
          ...deviations.map((d) => ({ docId: d.id, title: d.title })),
        ];
        return toolAnswer(
          {
            lot: lot.id,
            product: { id: lot.productId, name: product?.name },
            disposition: lot.disposition,
            onHold: lot.disposition === 'Restricted' || activeHolds.length > 0,
            // Each hold with the meaning of its reason code from the plant's table (SOP-QA-010).
            holds: lot.holds.map((h) => ({ ...h, ...withMeaning(deps.catalog.holdReasons().table, h.reasonCode) })),
            quantity: `${lot.quantity} ${lot.unit}`,
            manufacturedAt: lot.manufacturedAt,
            ...(workOrder ? { workOrder: { id: workOrder.id, status: workOrder.status } } : {}),
            ...(lineId ? { line: lineId } : {}),
            results: { total: views.length, final: views.filter((v) => v.status === 'final').length, pending: views.filter((v) => v.status === 'pending').map((v) => `${v.test} (${v.sampleId})`) },
            openOos: oos.map((v) => ({ resultId: v.resultId, test: v.test, value: v.value, unit: v.unit, spec: v.spec?.text, sample: v.sampleId, finalizedAt: v.finalizedAt })),
            deviations: deviations.map((d) => ({ id: d.id, title: d.title, status: d.status, test: d.test ?? null })),
            ...(pending ? { pendingProposals: pending.map((p) => ({ id: p.id, kind: p.kind, status: p.status })) } : {}),
          },
          sources,
        );
      }),
    {
      name: 'lot_status',
      description:
        'Status of one lot: MES disposition (Planned, In-Process, Restricted = on hold, UnRestricted = released, Closed), active and past holds with ' +
        'their reasons, work order, line, pending LIMS tests, open OOS results and deviations naming the lot, and pending proposals. ' +
        'Use it for "is LOT-XYZ789 on hold and why", "can this lot be released", before proposing a hold.',
      schema: lotStatusSchema,
    },
  );
}

function withMeaning(table: readonly { code: string; reason: string }[], code: string): { reasonMeaning?: string } {
  const entry = table.find((e) => e.code.toLowerCase() === code.toLowerCase());
  return entry ? { reasonMeaning: entry.reason } : {};
}
