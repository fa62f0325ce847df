// line_status: what runs on a line now (running work orders and their lots) and the state of
// its equipment, from the MES.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, type CopilotToolDeps } from './context';
import { lineArg, resolveLine } from './lookup';

export const lineStatusSchema = z.object({
  line: lineArg.describe('Line id, e.g. LINE-3, or "line 3".'),
});

export function lineStatusTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        const line = await resolveLine(deps, args.line);
        if (!inScope(user, deps.catalog, line.id)) return toolRefusal(scopeRefusal(user, line.id, line.id), { refused: 'scope' });
        const [orders, equipment] = await Promise.all([deps.mes.getRunningWorkOrders(line.id), deps.mes.listEquipment(line.id)]);
        const running = [];
        for (const order of orders) {
          const lot = await deps.mes.getLotContext(order.lotId);
          running.push({
            workOrder: order.id,
            status: order.status,
            product: { id: order.productId, name: deps.catalog.product(order.productId)?.name },
            lot: order.lotId,
            disposition: lot?.lot.disposition,
            ...(order.actualStart ? { startedAt: order.actualStart } : {}),
          });
        }
        return toolAnswer(
          {
            line: { id: line.id, name: line.name, area: line.area },
            running,
            equipment: equipment.map((e) => ({ id: e.id, name: e.name, state: e.state })),
            ...(running.length === 0 ? { note: `Nothing is running on ${line.id} now.` } : {}),
          },
          [{ docId: `MES:${line.id}`, title: `MES line status ${line.id}` }, ...orders.map((o) => ({ docId: `MES:${o.id}`, title: `MES work order ${o.id} (${o.status})` }))],
        );
      }),
    {
      name: 'line_status',
      description: 'What runs on a production line now: running work orders with product and lot, and each equipment state (running, idle, setup, cleaning, maintenance, down). Use it for "what is running on line 3" and to find "this lot" at a terminal.',
      schema: lineStatusSchema,
    },
  );
}
