// GET /api/terminals/:id/context: what the MES terminal screen shows around the widget
// (line, running work order, lot, equipment state and parameters), read through the MES port.
import { Router, type RequestHandler } from 'express';
import { QloopError } from '../../errors';
import type { MesAdapter } from '../../ports/mes';

export function terminalRoutes(deps: { mes: MesAdapter; requireAuth: RequestHandler }): Router {
  const router = Router();
  router.get('/api/terminals/:id/context', deps.requireAuth, async (req, res) => {
    const terminalId = String(req.params.id);
    const lines = await deps.mes.listLines();
    const line = lines.find((l) => l.terminals.some((t) => t.id === terminalId));
    if (!line) throw new QloopError('NOT_FOUND', `no terminal "${terminalId}" in this plant`);
    const terminal = line.terminals.find((t) => t.id === terminalId)!;
    const [workOrders, equipment] = await Promise.all([deps.mes.getRunningWorkOrders(line.id), deps.mes.listEquipment(line.id)]);
    const lots = await Promise.all(workOrders.map((wo) => deps.mes.getLotContext(wo.lotId)));
    res.json({
      terminal,
      line: { id: line.id, name: line.name, area: line.area },
      workOrders,
      lots: lots.flatMap((ctx) => (ctx ? [ctx.lot] : [])),
      equipment,
      source: deps.mes.name,
    });
  });
  return router;
}
