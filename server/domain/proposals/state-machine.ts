// The proposal lifecycle: proposed, then approved / rejected / expired / superseded, then
// executing, then executed / failed. An approved action whose basis the LIMS retracted is
// withdrawn before it reaches the MES (approved, or executing between two attempts): it ends
// failed, a dead letter QA sees, with the outcome 'withdrawn'. Every change goes through
// `transition`, which refuses anything the table does not allow (a rejected hold is never
// executed; an executed one never re-runs; a withdrawn one is never sent).
import type { ProposalStatus } from './types';

export type ProposalEvent = 'approve' | 'reject' | 'expire' | 'supersede' | 'start' | 'succeed' | 'fail' | 'withdraw';

const TRANSITIONS: Record<ProposalEvent, { from: readonly ProposalStatus[]; to: ProposalStatus }> = {
  approve: { from: ['proposed'], to: 'approved' },
  reject: { from: ['proposed'], to: 'rejected' },
  expire: { from: ['proposed'], to: 'expired' },
  supersede: { from: ['proposed'], to: 'superseded' },
  start: { from: ['approved', 'executing'], to: 'executing' },
  succeed: { from: ['executing'], to: 'executed' },
  fail: { from: ['executing'], to: 'failed' },
  withdraw: { from: ['approved', 'executing'], to: 'failed' },
};

export type TransitionResult = { ok: true; status: ProposalStatus } | { ok: false; reason: string };

/** The status after `event`, or why the event is not allowed from `status`. */
export function transition(status: ProposalStatus, event: ProposalEvent): TransitionResult {
  const rule = TRANSITIONS[event];
  if (rule.from.includes(status)) return { ok: true, status: rule.to };
  return { ok: false, reason: `a proposal that is ${status} cannot be ${PAST[event]} (only one that is ${rule.from.join(' or ')})` };
}

export function canTransition(status: ProposalStatus, event: ProposalEvent): boolean {
  return TRANSITIONS[event].from.includes(status);
}

/** True while a person (or the policy) can still decide it. */
export function isPending(status: ProposalStatus): boolean {
  return status === 'proposed';
}

const PAST: Record<ProposalEvent, string> = {
  approve: 'approved',
  reject: 'rejected',
  expire: 'expired',
  supersede: 'superseded',
  start: 'executed',
  succeed: 'completed',
  fail: 'failed',
  withdraw: 'withdrawn',
};
