// The next step of a turn: the tool calls still to make for the understood tasks, given what
// the tools answered so far (a "this lot" call waits for line_status to name the running lot).
import type { PlannedCall, Task, Understanding } from './understand';

export interface DoneCall {
  tool: string;
  args: Record<string, unknown>;
  /** The tool's JSON answer, parsed; `{ ok: false, error }` for a failed call. */
  result: ToolResult;
}

export interface ToolResult {
  ok?: boolean;
  error?: string;
  refused?: string;
  [key: string]: unknown;
}

/** Tasks with their calls made concrete where the tool answers allow it. */
export type ResolvedTask = { task: Task; call?: PlannedCall; via?: DoneCall };

export function resolveTasks(understanding: Understanding, done: readonly DoneCall[]): ResolvedTask[] {
  return understanding.tasks.map((task) => {
    if (task.kind === 'call') return { task, call: task.call };
    if (task.kind !== 'call-with-running-lot') return { task };
    const lineCall = done.find((d) => d.tool === 'line_status' && d.args.line === task.line);
    if (!lineCall) return { task, call: { tool: 'line_status', args: { line: task.line } } };
    const running = Array.isArray(lineCall.result.running) ? (lineCall.result.running as { lot?: string }[]) : [];
    const lot = running[0]?.lot;
    return lot ? { task, call: task.build(lot), via: lineCall } : { task, via: lineCall };
  });
}

/** Calls not made yet; empty when the answer can be written. */
export function nextCalls(understanding: Understanding, done: readonly DoneCall[]): PlannedCall[] {
  const pending: PlannedCall[] = [];
  for (const { call } of resolveTasks(understanding, done)) {
    if (!call) continue;
    if (done.some((d) => sameCall(d, call)) || pending.some((p) => sameCall(p, call))) continue;
    pending.push(call);
  }
  return pending;
}

export function sameCall(a: { tool: string; args: Record<string, unknown> }, b: { tool: string; args: Record<string, unknown> }): boolean {
  return a.tool === b.tool && stable(a.args) === stable(b.args);
}

function stable(value: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(value).sort().map((k) => [k, value[k]]));
}
