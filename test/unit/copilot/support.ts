// Shared set-up for the copilot unit tests: the demo plant behind the in-process LIMS and MES,
// counting wrappers that prove what reached a port, session users and a recording proposal flow.
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import type { SessionUser } from '../../../server/auth/tokens';
import type { CopilotToolDeps, CopilotTurnContext } from '../../../server/copilot/tools';
import type { ProposalRequests } from '../../../server/copilot/ports';
import { PlantCatalog } from '../../../server/plant/catalog';
import { DEMO_PLANT_FILE, loadPlant } from '../../../server/plant/load';
import type { PlantDataset } from '../../../server/plant/schema';
import type { ProposalEvent } from '../../../server/realtime/contract';
import { InProcessLims, InProcessMes } from '../../../simulators/in-process';

let plant: PlantDataset | undefined;
export function demoPlant(): PlantDataset {
  return (plant ??= loadPlant(DEMO_PLANT_FILE));
}

/** Wraps a port so every method call is counted by name. */
export function counted<T extends object>(target: T): { port: T; calls: string[] } {
  const calls: string[] = [];
  const port = new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function' || key === 'capabilities' || key === 'name') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
  return { port, calls };
}

export class RecordingProposals implements ProposalRequests {
  readonly requests: { kind: string; request: unknown }[] = [];
  async requestHold(request: Parameters<ProposalRequests['requestHold']>[0]): Promise<ProposalEvent> {
    return this.#record('hold', request, request.lotId);
  }
  async requestSetpoint(request: Parameters<ProposalRequests['requestSetpoint']>[0]): Promise<ProposalEvent> {
    return this.#record('setpoint', request, '');
  }
  async draftDeviation(request: Parameters<ProposalRequests['draftDeviation']>[0]): Promise<ProposalEvent> {
    return this.#record('deviation', request, request.lotIds[0] ?? '');
  }
  async pending(query: { lineIds?: string[]; lotId?: string }): Promise<ProposalEvent[]> {
    return this.requests
      .map((r, i) => ({ id: `P-${i + 1}`, kind: r.kind, status: 'proposed', lot: (r.request as { lotId?: string }).lotId ?? '' }))
      .filter((p) => !query.lotId || p.lot === query.lotId);
  }
  #record(kind: string, request: unknown, lot: string): ProposalEvent {
    this.requests.push({ kind, request });
    return { id: `P-${this.requests.length}`, kind, status: 'proposed', lot };
  }
}

export interface ToolFixture {
  deps: CopilotToolDeps;
  lims: InProcessLims;
  mes: InProcessMes;
  limsCalls: string[];
  mesCalls: string[];
  proposals: RecordingProposals;
}

export function toolFixture(options: { proposals?: boolean } = {}): ToolFixture {
  const dataset = demoPlant();
  const clock = new ManualClock(dataset.asOf);
  const lims = new InProcessLims(dataset, clock);
  const mes = new InProcessMes(dataset, clock);
  const l = counted(lims);
  const m = counted(mes);
  const proposals = new RecordingProposals();
  return {
    deps: { lims: l.port, mes: m.port, catalog: new PlantCatalog(dataset), clock, ...(options.proposals === false ? {} : { proposals }) },
    lims,
    mes,
    limsCalls: l.calls,
    mesCalls: m.calls,
    proposals,
  };
}

export const USERS = {
  opLine3: { username: 'op.line3', displayName: 'Operator Line 3', role: 'operator', lines: ['LINE-3'] },
  opLine1: { username: 'op.line1', displayName: 'Operator Line 1', role: 'operator', lines: ['LINE-1'] },
  qa: { username: 'qa.anna', displayName: 'Anna (QA)', role: 'qa', lines: [] },
  engineer: { username: 'eng.tom', displayName: 'Tom (Engineering)', role: 'engineer', lines: [] },
  supervisor: { username: 'sup.maria', displayName: 'Maria (Supervisor)', role: 'supervisor', lines: [] },
} satisfies Record<string, SessionUser>;

export function turn(user: SessionUser, extra: Partial<CopilotTurnContext> = {}): { context: CopilotTurnContext } {
  return { context: { user, requestedActions: [], ...extra } };
}

// Tests read tool JSON loosely; the assertions are the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

export function parsed(output: unknown): Loose {
  if (typeof output !== 'string') throw new Error(`tool output is not a string: ${typeof output}`);
  return JSON.parse(output) as Loose;
}
