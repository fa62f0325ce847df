// explain_alert: why an alert fired: the result, its verdict against the specification, and
// the SPC signals at that point of the test's history (from the quality engine, never guessed).
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { TestResult } from '../../domain/types';
import type { Citation } from '../../realtime/contract';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, ToolArgumentError, type CopilotToolDeps } from './context';
import { lotArg, reference, resolveLot, resolveTestCode, specificationFor, testArg } from './lookup';
import { resultCitation, resultView } from './result-view';
import { spcSummary } from './spc-summary';
import { chartArtifact, type ChartArtifact } from './chart';

export const explainAlertSchema = z
  .object({
    alertId: reference('alert id', 'A-1042').optional().describe('The alert id shown at the terminal.'),
    lot: lotArg.optional().describe('The lot the alert is about, e.g. LOT-XYZ789.'),
    test: testArg.optional().describe('The test the alert is about, e.g. PH.'),
  })
  .refine((a) => a.alertId !== undefined || a.lot !== undefined, { message: 'give the alert id or the lot (and test); fix the argument and try again' });

const SEVERITY: Record<string, number> = { hold: 2, review: 1, release: 0 };

export function explainAlertTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime): Promise<[string, ChartArtifact | undefined]> => {
      let artifact: ChartArtifact | undefined;
      const content = await guarded(async () => {
        const { user } = turnContext(runtime);
        let lotRef = args.lot;
        let testRef = args.test;
        const alert = args.alertId && deps.alerts ? await deps.alerts.alert(args.alertId) : undefined;
        if (args.alertId && !alert && !lotRef) {
          throw new ToolArgumentError(deps.alerts ? `No alert "${args.alertId}". Give the lot and test instead and try again.` : 'Alerts cannot be looked up by id on this server; give the lot and test of the alert and try again.');
        }
        lotRef ??= alert?.lot;
        testRef ??= alert?.test;
        const { lot } = await resolveLot(deps, lotRef as string);
        if (!inScope(user, deps.catalog, lot.lineId)) return toolRefusal(scopeRefusal(user, `Lot ${lot.id}`, lot.lineId as string), { refused: 'scope' });
        const test = testRef ? resolveTestCode(deps.catalog, testRef, lot.productId) : undefined;
        const results = (await deps.lims.findResults({ lotId: lot.id, ...(test ? { test } : {}), limit: 200 })).filter((r) => r.status === 'final' && r.value.trim() !== '');
        const judged = [];
        for (const r of results) judged.push({ result: r, view: resultView(r, await specificationFor(deps, lot.productId, r.test)) });
        const chosen = [...judged].sort((a, b) => (SEVERITY[b.view.verdict?.disposition ?? 'release'] ?? 0) - (SEVERITY[a.view.verdict?.disposition ?? 'release'] ?? 0) || b.result.finalizedAt.localeCompare(a.result.finalizedAt))[0];
        if (!chosen) return toolRefusal(`No final ${test ?? ''} result for ${lot.id} yet, so there is nothing to explain. Tell the user.`.replace('  ', ' '));
        const spec = await specificationFor(deps, lot.productId, chosen.result.test);
        const history = spec ? await seriesUpTo(deps, chosen.result, lot.productId, lot.lineId) : [];
        const values = history.map((r) => r.numeric ?? Number(r.value));
        const computed = spec ? spcSummary(values, history.map((r) => r.sampleId), spec) : undefined;
        const spc = computed?.summary;
        if (computed && spec) artifact = chartArtifact(`${spec.keyword}, ${lot.id} (${chosen.result.sampleId})`, history, values, computed, spec);
        const sources: Citation[] = [resultCitation(chosen.result), ...(spec ? [{ docId: `SPEC:${spec.id}`, title: `Specification ${spec.id}`, revision: spec.version }] : [])];
        return toolAnswer(
          {
            ...(alert ? { alert } : {}),
            lot: lot.id,
            line: lot.lineId ?? null,
            result: chosen.view,
            ...(spc ? { spc: { rulesFiredAtThisResult: spc.signalsAtLatest, signals: spc.signals.filter((s) => s.at === chosen.result.sampleId), center: spc.center, lcl: spc.lcl, ucl: spc.ucl, points: spc.points } } : {}),
            ...(spec?.sopId ? { sopId: spec.sopId } : {}),
          },
          sources,
        );
      });
      return [content, artifact];
    },
    {
      name: 'explain_alert',
      responseFormat: 'content_and_artifact',
      description:
        'Explains an alert: the result behind it, the verdict against the specification (OOS, review band) and the SPC rules that fired at that ' +
        'result, with the SOP the specification names. Give the alert id, or the lot (and test). Use it for "why did I get this alert", "explain the alert on LOT-XYZ789".',
      schema: explainAlertSchema,
    },
  );
}

/** Final numeric results of the test on the product's line, oldest first, ending at the alerted result. */
async function seriesUpTo(deps: CopilotToolDeps, result: TestResult, productId: string, lineId: string | undefined): Promise<TestResult[]> {
  const all = await deps.lims.findResults({ test: result.test, limit: 1000 });
  return all
    .filter((r) => r.status === 'final' && (r.numeric !== undefined || /^-?\d+(?:\.\d+)?$/.test(r.value.trim())))
    .filter((r) => {
      const lot = deps.catalog.lot(r.lotId);
      return (lot?.productId ?? productId) === productId && (lineId === undefined || (lot?.lineId ?? lineId) === lineId);
    })
    .filter((r) => r.finalizedAt <= result.finalizedAt)
    .sort((a, b) => a.finalizedAt.localeCompare(b.finalizedAt) || a.id.localeCompare(b.id))
    .slice(-60);
}
