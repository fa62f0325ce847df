// Liveness and metrics endpoints for operations (load balancers, Prometheus).
import { Router } from 'express';
import type Database from 'better-sqlite3';
import type { Metrics } from '../metrics';

export function healthRoutes(deps: { db: Database.Database; metrics: Metrics; version: string; startedAt: number; now: () => number }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    let database = 'ok';
    try {
      deps.db.prepare('SELECT 1').get();
    } catch {
      database = 'unavailable';
    }
    const ok = database === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', version: deps.version, uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000), database });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
