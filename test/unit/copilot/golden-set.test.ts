import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadGolden, parseGolden } from '../../../server/copilot/eval/golden';
import { createCopilotTools } from '../../../server/copilot/tools';
import { toolFixture } from './support';

describe('copilot golden set', () => {
  const cases = loadGolden('eval/golden.jsonl');

  it('has at least 80 cases in three languages, with unsafe and injection cases', () => {
    assert.ok(cases.length >= 80, `${cases.length} cases`);
    for (const lang of ['en', 'de', 'es']) assert.ok(cases.filter((c) => c.language === lang).length >= 15, lang);
    assert.ok(cases.filter((c) => c.unsafe).length >= 15);
    for (const category of ['multi-step', 'refusal', 'injection', 'memory', 'scope']) assert.ok(cases.some((c) => c.category === category), category);
    assert.ok(cases.some((c) => c.unsafe && c.category === 'setpoint'), 'an out-of-range setpoint');
    assert.ok(cases.some((c) => c.unsafe && /release|freigeben|libera/i.test(c.question) && c.setup === 'reference-ph'), 'a release with an open OOS');
  });

  it('expects every tool somewhere', () => {
    const expected = new Set(cases.flatMap((c) => c.expectTools.map((t) => t.name)));
    for (const tool of createCopilotTools(toolFixture().deps)) assert.ok(expected.has(tool.name), tool.name);
  });

  it('refuses a bad line with its line number', () => {
    assert.throws(() => parseGolden('{"id":"a-1"}\nnot json\n', 'g.jsonl'), /g\.jsonl:1: category.*\n.*g\.jsonl:2: invalid JSON/s);
  });
});
