// Prometheus metrics on a registry of this server's own (several servers may share one
// process in tests), exposed at GET /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  socketConnections: Gauge;
  auditRecords: Counter<'action'>;
  /** Refused LIMS webhook deliveries by kind (unsigned, bad-signature, stale, replayed, …). */
  webhookRefusals: Counter<'kind'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qloop_' });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'qloop_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    socketConnections: new Gauge({ name: 'qloop_copilot_connections', help: 'Open /copilot socket connections', registers: [registry] }),
    auditRecords: new Counter({ name: 'qloop_audit_records_total', help: 'Audit records appended by this process', labelNames: ['action'], registers: [registry] }),
    webhookRefusals: new Counter({ name: 'qloop_lims_webhook_refused_total', help: 'LIMS webhook deliveries refused before anything was taken, by kind', labelNames: ['kind'], registers: [registry] }),
  };
}
