// Starts the real server (port 0, temporary data folder) with the realtime test fakes wired
// in through startQloop's `services` option, plus the canned alerts, proposals and answers
// the widget tests use.
import pino from 'pino';
import { loadConfig, type ConfigSources } from '../../../server/config';
import { startQloop, type QloopInstance } from '../../../server/main';
import type { AlertEvent, ControlChart, ProposalEvent } from '../../../server/realtime/contract';
import { tempDir } from '../../support/temp';
import { FakeAlertStore, FakeDecisions, ScriptedCopilot, type ScriptedAnswer } from './realtime-fakes';

export interface RealtimeTestServer extends QloopInstance {
  copilot: ScriptedCopilot;
  store: FakeAlertStore;
  decisions: FakeDecisions;
  login(username: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

export const PH_CHART: ControlChart = {
  title: 'pH — PRD-PARA-SUS, LINE-3',
  unit: 'pH',
  center: 7.02,
  ucl: 7.38,
  lcl: 6.66,
  usl: 7.5,
  lsl: 6.5,
  points: [7.0, 7.1, 6.9, 7.05, 7.0, 7.15, 6.95, 7.1, 7.0, 9.8].map((y, i) => ({ x: `S-${i + 1}`, y, ...(y > 7.5 ? { flagged: true } : {}) })),
};

export const SCRIPT: ScriptedAnswer[] = [
  {
    match: /xss|inject/i,
    chunks: ['Here is the note: <img src=x onerror="window.__pwned=1"> and ', '<script>window.__pwned=2</script> ', '[click](javascript:window.__pwned=3) done.'],
  },
  {
    match: /pH/i,
    progress: [
      { tool: 'lims.results', text: 'Looking up LIMS results for LOT-12345' },
      { tool: 'sop.search', text: 'Searching SOPs for pH measurement' },
    ],
    chunks: ['The final **pH** result for LOT-12345 is ', '**7.1** (spec 6.5–7.5).\n\n', '| Sample | pH | Spec |\n|---|---:|---|\n| S-05 | 7.1 | 6.5–7.5 |\n\n', '- Measured per SOP-QC-001\n- Status: *conforms*'],
    citations: [
      { docId: 'SOP-QC-001', title: 'pH measurement and pH meter calibration', revision: '04', page: 3 },
      { docId: 'LIMS:R-700583', title: 'LIMS result R-700583 — pH of BATCH-2024-029-06' },
    ],
    chart: PH_CHART,
  },
  { match: /slow|long/i, chunks: Array.from({ length: 200 }, (_, i) => `word${i} `) },
];

export function phAlert(id: string, overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id,
    status: 'open',
    raisedAt: '2024-05-03T10:15:02Z',
    line: 'LINE-3',
    severity: 'critical',
    lot: 'LOT-XYZ789',
    test: 'pH',
    value: 9.8,
    unit: '',
    spec: '6.5–7.5',
    rule: 'Above the upper spec limit (OOS)',
    guidance: 'Stop filling. Keep the bulk in TK-07. Follow **WI-PRD-030**: QA has been notified.',
    chart: PH_CHART,
    ...overrides,
  };
}

export function holdProposal(id: string, overrides: Partial<ProposalEvent> = {}): ProposalEvent {
  return { id, kind: 'hold', status: 'proposed', lot: 'LOT-XYZ789', line: 'LINE-3', title: 'Hold LOT-XYZ789: pH 9.8 above 7.5', summary: 'Confirmed OOS on sample BATCH-2024-001-05 (SOP-QC-002).', proposedBy: 'qloop', authority: 'quality', createdAt: '2024-05-03T10:15:03Z', meanings: { approve: ['Approve hold'], reject: ['Reject hold'] }, ...overrides };
}

export async function startRealtimeServer(overrides: ConfigSources['overrides'] = {}, script: ScriptedAnswer[] = SCRIPT): Promise<RealtimeTestServer> {
  const tmp = tempDir();
  const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, ...overrides } });
  const copilot = new ScriptedCopilot(script);
  const store = new FakeAlertStore();
  const decisions = new FakeDecisions(store);
  const instance = await startQloop(config, { logger: pino({ level: 'silent' }), services: { copilot, alerts: store, decisions } });
  store.feed = instance.feed;
  decisions.authenticate = (username, password) => instance.accounts.authenticate(username, password, 'signature');
  return {
    ...instance,
    copilot,
    store,
    decisions,
    async login(username, password) {
      const res = await fetch(`${instance.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (!res.ok || !body.token) throw new Error(`login ${username} failed: ${res.status} ${body.error?.message}`);
      return body.token;
    },
    async stop() {
      await instance.close();
      tmp.remove();
    },
  };
}
