import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canTransition, PROPOSAL_STATUSES, transition, type ProposalEvent } from '../../../server/domain/proposals';

describe('proposal state machine', () => {
  it('walks the approval path proposed -> approved -> executing -> executed', () => {
    const approved = transition('proposed', 'approve');
    assert.deepEqual(approved, { ok: true, status: 'approved' });
    const executing = transition('approved', 'start');
    assert.deepEqual(executing, { ok: true, status: 'executing' });
    assert.deepEqual(transition('executing', 'succeed'), { ok: true, status: 'executed' });
    assert.deepEqual(transition('executing', 'fail'), { ok: true, status: 'failed' });
  });

  it('lets a crashed execution start again (executing -> executing) so the outbox can retry', () => {
    assert.equal(canTransition('executing', 'start'), true);
  });

  it('refuses to execute anything that was not approved, and names why', () => {
    for (const status of ['proposed', 'rejected', 'expired', 'superseded', 'executed', 'failed'] as const) {
      const result = transition(status, 'start');
      assert.equal(result.ok, false, status);
      if (!result.ok) assert.match(result.reason, new RegExp(`is ${status}`));
    }
  });

  it('only a proposed proposal can be approved, rejected, expired or superseded', () => {
    const deciding: ProposalEvent[] = ['approve', 'reject', 'expire', 'supersede'];
    for (const status of PROPOSAL_STATUSES) {
      for (const event of deciding) assert.equal(canTransition(status, event), status === 'proposed', `${status} ${event}`);
    }
  });

  it('an approved action not yet sent can be withdrawn (its result was retracted): it ends failed, never executed', () => {
    assert.deepEqual(transition('approved', 'withdraw'), { ok: true, status: 'failed' });
    assert.deepEqual(transition('executing', 'withdraw'), { ok: true, status: 'failed' });
    for (const status of ['proposed', 'rejected', 'expired', 'superseded', 'executed', 'failed'] as const) assert.equal(canTransition(status, 'withdraw'), false, status);
  });

  it('final statuses accept no event at all', () => {
    const events: ProposalEvent[] = ['approve', 'reject', 'expire', 'supersede', 'start', 'succeed', 'fail', 'withdraw'];
    for (const status of ['rejected', 'expired', 'superseded', 'executed', 'failed'] as const) {
      for (const event of events) assert.equal(canTransition(status, event), false, `${status} ${event}`);
    }
  });
});
