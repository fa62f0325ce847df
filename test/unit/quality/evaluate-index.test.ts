// The engine's barrel exposes every part the watcher, the agent tools and the CLI use.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as quality from '../../../server/domain/quality/index';

it('re-exports spec, charts, rules, EWMA/CUSUM, OOT, capability and the integrated evaluation', () => {
  const expected = [
    'evaluateSpec', 'roundHalfUp', 'capability', 'regressionOot', 'byTimePointOot', 'slopeOot', 'andersonDarling',
    'imrLimits', 'xbarRLimits', 'xbarSLimits', 'phaseOneImr', 'phaseTwo', 'prepareSpcBaseline', 'monitorNewResult',
    'ewmaChart', 'cusumChart', 'evaluateRules', 'evaluateRulesAt', 'parseRuleList', 'explainViolation', 'evaluateResult',
    'd2', 'd3', 'c4', 'shelfLife',
  ];
  for (const name of expected) assert.equal(typeof (quality as Record<string, unknown>)[name], 'function', name);
  assert.equal(quality.RULE_NAMES.length, 12);
});
