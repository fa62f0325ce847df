import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRollout, plannedKinds, policyMayApprove, resolveMode } from '../../../server/domain/proposals';

describe('rollout policy', () => {
  it('defaults to assist', () => {
    assert.equal(resolveMode(parseRollout(''), { productId: 'PRD-PARA-SUS', test: 'PH', rule: 'spec.usl' }), 'assist');
  });

  it('takes the most specific scope: product/test over rule over product over default', () => {
    const policy = parseRollout('observe; PRD-PARA-SUS=auto; PRD-PARA-SUS/VISC=assist; rule:we2=assist');
    assert.equal(resolveMode(policy, { productId: 'PRD-IBU400', test: 'ASSAY', rule: 'spec.band' }), 'observe');
    assert.equal(resolveMode(policy, { productId: 'PRD-PARA-SUS', test: 'PH', rule: 'spec.usl' }), 'auto');
    assert.equal(resolveMode(policy, { productId: 'PRD-PARA-SUS', test: 'VISC', rule: 'spec.usl' }), 'assist');
    assert.equal(resolveMode(policy, { productId: 'PRD-PARA-SUS', test: 'PH', rule: 'we2' }), 'assist');
  });

  it('on a tie (the same scope named twice) the more cautious mode wins', () => {
    const policy = parseRollout('PRD-PARA-SUS=auto; PRD-PARA-SUS=observe');
    assert.equal(resolveMode(policy, { productId: 'PRD-PARA-SUS', test: 'PH', rule: 'spec.usl' }), 'observe');
  });

  it('never lets the policy approve a release, even when configured', () => {
    const policy = parseRollout('auto', ['hold', 'release']);
    assert.equal(policyMayApprove(policy, 'auto', 'hold'), true);
    assert.equal(policyMayApprove(policy, 'auto', 'release'), false);
    assert.equal(policyMayApprove(policy, 'assist', 'hold'), false);
    assert.equal(policyMayApprove(policy, 'auto', 'deviation'), false);
  });

  it('names the bad part of a policy', () => {
    assert.throws(() => parseRollout('assist; PRD-X=sometimes'), /PRD-X=sometimes.*observe, assist, auto/);
    assert.throws(() => parseRollout('a/b/c=auto'), /scope must be/);
  });
});

describe('planned proposals', () => {
  const lot = { disposition: 'In-Process', pendingKinds: [], openOos: false };
  it('a confirmed OOS asks for a hold and a deviation draft', () => {
    assert.deepEqual(plannedKinds({ outcome: 'fail', disposition: 'hold', releaseTest: false }, lot), ['hold', 'deviation']);
  });
  it('does not propose a hold for a lot already on hold, nor anything already pending', () => {
    assert.deepEqual(plannedKinds({ outcome: 'fail', disposition: 'hold', releaseTest: false }, { ...lot, disposition: 'Restricted' }), ['deviation']);
    assert.deepEqual(plannedKinds({ outcome: 'fail', disposition: 'hold', releaseTest: false }, { ...lot, pendingKinds: ['hold', 'deviation'] }), []);
  });
  it('potency bands: release (of a held lot), review, hold', () => {
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'release', releaseTest: true }, { ...lot, disposition: 'Restricted' }), ['release']);
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'release', releaseTest: true }, lot), [], 'a lot not on hold has no hold to release');
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'review', releaseTest: true }, lot), ['review']);
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'hold', releaseTest: true }, lot), ['hold']);
  });
  it('no release proposal for a non-release test or while an OOS is open', () => {
    const held = { ...lot, disposition: 'Restricted' };
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'release', releaseTest: false }, held), []);
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'release', releaseTest: true }, { ...held, openOos: true }), []);
    assert.deepEqual(plannedKinds({ outcome: 'pass', disposition: 'release', releaseTest: true }, { ...held, pendingKinds: ['release'] }), []);
  });
});
