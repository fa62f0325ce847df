// result_trend: the history of one test across lots (a product, a line or one piece of
// equipment's line) with the SPC summary from the quality engine.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { TestResult } from '../../domain/types';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, visibleLines, ToolArgumentError, type CopilotToolDeps } from './context';
import { equipmentArg, lineArg, lotArg, reference, resolveEquipment, resolveLine, resolveLot, resolveTestCode, specificationFor, testArg } from './lookup';
import { spcSummary } from './spc-summary';
import { chartArtifact, type ChartArtifact } from './chart';

export const resultTrendSchema = z.object({
  test: testArg.describe('Test code or name, e.g. HARD, PH, VISC, ASSAY.'),
  lot: lotArg.optional().describe('A lot: its product (and line) set the series.'),
  product: reference('product', 'PRD-IBU400').optional().describe('Product id, e.g. PRD-IBU400.'),
  line: lineArg.optional().describe('Only lots made on this line, e.g. LINE-1.'),
  equipment: equipmentArg.optional().describe('Only lots made on the line of this equipment, e.g. TP-101.'),
  points: z.number().int().min(3, 'points must be 3 to 200').max(200, 'points must be 3 to 200').optional().describe('Newest results to chart (default 60).'),
});

export function resultTrendTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime): Promise<[string, ChartArtifact | undefined]> => {
      let artifact: ChartArtifact | undefined;
      const content = await guarded(async () => {
        const { user } = turnContext(runtime);
        let productId = args.product?.toUpperCase();
        let lineId: string | undefined;
        if (args.lot !== undefined) {
          const context = await resolveLot(deps, args.lot);
          productId = context.lot.productId;
          lineId = context.lot.lineId;
        }
        if (args.equipment !== undefined) lineId = (await resolveEquipment(deps, args.equipment)).lineId;
        if (args.line !== undefined) lineId = (await resolveLine(deps, args.line)).id;
        if (lineId !== undefined && !inScope(user, deps.catalog, lineId)) return toolRefusal(scopeRefusal(user, 'That series', lineId), { refused: 'scope' });
        const code = resolveTestCode(deps.catalog, args.test, productId);
        const products = productId ? [productId] : deps.catalog.products().filter((p) => deps.catalog.specFor(p.id, code)).map((p) => p.id);
        if (products.length !== 1) throw new ToolArgumentError(`${code} is tested on several products (${products.join(', ')}); give the product, a lot or the equipment and try again.`);
        productId = products[0] as string;
        const spec = await specificationFor(deps, productId, code);
        if (!spec) throw new ToolArgumentError(`No specification for ${code} on ${productId}.`);
        const allowed = new Set(lineId ? [lineId] : visibleLines(user, deps.catalog.lines().map((l) => l.id)));
        const fetched = await deps.lims.findResults({ test: code, limit: 1000 });
        const series = fetched
          .filter((r) => r.status === 'final' && numeric(r) !== undefined)
          .filter((r) => {
            const lot = deps.catalog.lot(r.lotId);
            return lot?.productId === productId && lot.lineId !== undefined && allowed.has(lot.lineId);
          })
          .sort((a, b) => a.finalizedAt.localeCompare(b.finalizedAt) || a.id.localeCompare(b.id))
          .slice(-(args.points ?? 60));
        const values = series.map((r) => numeric(r) as number);
        const labels = series.map((r) => r.sampleId);
        const spc = spcSummary(values, labels, spec);
        const summary = spc?.summary;
        if (spc) artifact = chartArtifact(`${spec.keyword}, ${deps.catalog.product(productId)?.name ?? productId}${lineId ? `, ${lineId}` : ''}`, series, values, spc, spec);
        const last = series.at(-1);
        return toolAnswer(
          {
            test: code,
            product: productId,
            productName: deps.catalog.product(productId)?.name,
            ...(lineId ? { line: lineId } : { lines: [...allowed] }),
            unit: spec.unit,
            specification: { id: spec.id, lsl: spec.lsl ?? null, usl: spec.usl ?? null, target: spec.target ?? null },
            count: series.length,
            ...(series.length
              ? {
                  first: { at: series[0]?.finalizedAt, value: values[0] },
                  latest: { at: last?.finalizedAt, value: values.at(-1), lot: last?.lotId, sample: last?.sampleId, resultId: last?.id },
                  min: Math.min(...values),
                  max: Math.max(...values),
                  recent: series.slice(-8).map((r) => ({ lot: r.lotId, sample: r.sampleId, value: numeric(r), at: r.finalizedAt })),
                }
              : { note: `No final ${code} results for ${productId}${lineId ? ` on ${lineId}` : ''}.` }),
            ...(summary ? { spc: summary } : {}),
          },
          [
            { docId: `LIMS:${code}:${productId}${lineId ? `:${lineId}` : ''}`, title: `LIMS ${code} history, ${series.length} final results${lineId ? ` on ${lineId}` : ''}` },
            { docId: `SPEC:${spec.id}`, title: `Specification ${spec.id}`, revision: spec.version },
          ],
        );
      });
      return [content, artifact];
    },
    {
      name: 'result_trend',
      responseFormat: 'content_and_artifact',
      description:
        'History of one test across lots with an SPC summary: I-MR control limits, Western Electric / Nelson rule signals (drift, shifts, ' +
        'trends), capability (Cpk, Ppk) and the shift between the oldest and newest results. Narrow it with a lot, product, line or equipment ' +
        '(e.g. hardness on TP-101). Use it for "is hardness drifting", "pH trend", "SPC for viscosity".',
      schema: resultTrendSchema,
    },
  );
}

function numeric(result: TestResult): number | undefined {
  if (result.numeric !== undefined) return result.numeric;
  return /^-?\d+(?:\.\d+)?$/.test(result.value.trim()) ? Number(result.value) : undefined;
}
