import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, CircuitBreaker } from '../../../server/proposals/circuit-breaker';
import { actionFor } from '../../../server/proposals/proposal-lifecycle';
import type { Proposal } from '../../../server/domain/proposals';
import { DEMO_PLANT_FILE, HoldReasonCodes, loadPlant, PlantCatalog } from '../../../server/plant';

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures, half-opens after the cooldown, closes on success', () => {
    const breaker = new CircuitBreaker(3, 1000);
    breaker.failure(0);
    breaker.failure(10);
    assert.equal(breaker.state(20), 'closed');
    breaker.failure(20);
    assert.equal(breaker.state(21), 'open');
    assert.equal(breaker.allows(500), false);
    assert.equal(breaker.retryAt(500), 1020);
    assert.equal(breaker.state(1020), 'half-open');
    breaker.failure(1030);
    assert.equal(breaker.state(1031), 'open', 'a failed trial call opens it again at once');
    breaker.success();
    assert.equal(breaker.state(1032), 'closed');
  });

  it('a success in between resets the count', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.failure(0);
    breaker.success();
    breaker.failure(1);
    assert.equal(breaker.state(2), 'closed');
  });
});

describe('backoff', () => {
  it('doubles per attempt within ±20 % jitter and stops at the cap', () => {
    assert.equal(backoffMs(1, 1000, 60_000, () => 0.5), 1000);
    assert.equal(backoffMs(3, 1000, 60_000, () => 0.5), 4000);
    assert.equal(backoffMs(3, 1000, 60_000, () => 0), 3200);
    assert.equal(backoffMs(3, 1000, 60_000, () => 1), 4800);
    assert.equal(backoffMs(20, 1000, 60_000, () => 0.5), 60_000);
  });
});

describe('the MES action of an approved proposal', () => {
  const base: Proposal = {
    id: 'P-7', kind: 'hold', status: 'approved', lotId: 'LOT-XYZ789', reason: 'pH 9.8 OOS.', proposedBy: 'watcher', source: 'watcher',
    proposedAt: '2024-05-03T10:15:01.000Z', mode: 'assist', evaluationId: 'EV-1', signatures: [], updatedAt: '2024-05-03T10:16:00.000Z',
  };
  it('a hold from an OOS carries SOP-QA-010\'s HR-01 and the outbox key as idempotency key; a requested hold HR-04', () => {
    const action = actionFor(base, 'qa.anna');
    assert.equal(action?.action, 'placeHold');
    assert.deepEqual(action?.request, { lotId: 'LOT-XYZ789', reasonCode: 'HR-01', comment: 'pH 9.8 OOS. (qloop P-7)', initiatedBy: 'qa.anna', idempotencyKey: 'qloop:P-7:hold' });
    const { evaluationId: _e, ...requested } = base;
    assert.equal(actionFor({ ...requested, source: 'copilot' }, 'qa.anna')?.request.reasonCode, 'HR-04');
  });
  it('a hold takes the plant\'s code: HR-05 for a microbial count, a site\'s own table when it has one', () => {
    const demo = new PlantCatalog(loadPlant(DEMO_PLANT_FILE)).holdReasons();
    const tamc = { ...base, productId: 'PRD-PARA-SUS', test: 'TAMC', reason: 'TAMC 150 cfu/g.' };
    assert.equal(actionFor(tamc, 'qa.anna', demo)?.request.reasonCode, 'HR-05');
    assert.equal(actionFor({ ...tamc, test: 'PH' }, 'qa.anna', demo)?.request.reasonCode, 'HR-01');
    const site = new HoldReasonCodes([
      { code: 'Q-OOS', reason: 'Out of specification', usedFor: ['oos', 'microbiological'] },
      { code: 'Q-EVAL', reason: 'Under QA evaluation', usedFor: ['trend', 'review', 'requested'] },
    ]);
    const { evaluationId: _e, ...requested } = base;
    assert.deepEqual([actionFor(base, 'qa.anna', site)?.request.reasonCode, actionFor(requested, 'qa.anna', site)?.request.reasonCode], ['Q-OOS', 'Q-EVAL']);
  });
  it('a review writes nothing to the MES', () => {
    assert.equal(actionFor({ ...base, kind: 'review' }, 'qa.anna'), undefined);
  });
  it('a setpoint change carries the validated range and the previous value for the writer to check', () => {
    const setpoint = { equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', parameterName: 'Agitator speed', unit: 'rpm', from: 120, to: 140, validatedRange: { min: 80, max: 160 } };
    assert.deepEqual(actionFor({ ...base, kind: 'setpoint', setpoint }, 'sup.maria')?.request, { equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', value: 140, expectedPrevious: 120, validatedRange: { min: 80, max: 160 }, approvalId: 'P-7' });
  });
});
