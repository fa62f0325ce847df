// work_order: one work order from the MES (product, line, lot, status, quantities, start and end).
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, ToolArgumentError, type CopilotToolDeps } from './context';
import { reference } from './lookup';

export const workOrderSchema = z.object({
  workOrder: reference('work order', 'WO-1001').describe('Work order id, e.g. WO-1001, or its number ("1001").'),
});

export function workOrderTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        const ref = args.workOrder.toUpperCase().replace(/\s+/g, '-');
        const id = /^\d+$/.test(ref) ? `WO-${ref}` : ref;
        const order = await deps.mes.getWorkOrder(id);
        if (!order) throw new ToolArgumentError(`No work order "${args.workOrder}" in the MES. Work orders look like WO-1001; fix the argument and try again.`);
        if (!inScope(user, deps.catalog, order.lineId)) return toolRefusal(scopeRefusal(user, `Work order ${order.id}`, order.lineId), { refused: 'scope' });
        const lot = await deps.mes.getLotContext(order.lotId);
        const product = deps.catalog.product(order.productId);
        return toolAnswer(
          {
            workOrder: order,
            product: { id: order.productId, name: product?.name },
            ...(lot ? { lot: { id: lot.lot.id, disposition: lot.lot.disposition, activeHolds: lot.lot.holds.filter((h) => !h.releasedAt).length } } : {}),
          },
          [{ docId: `MES:${order.id}`, title: `MES work order ${order.id} (${order.status})` }],
        );
      }),
    {
      name: 'work_order',
      description: 'One work order from the MES: product, line, lot, status (planned, released, running, on-hold, completed, closed), quantity, planned and actual start. Use it for "what is WO-1001", "when did work order 1001 start".',
      schema: workOrderSchema,
    },
  );
}
