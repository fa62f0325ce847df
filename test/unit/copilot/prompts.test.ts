import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPrompt, parsePrompt, renderPrompt } from '../../../server/copilot/prompts';

describe('versioned prompts', () => {
  it('loads the system prompt with id, version and a content hash label', () => {
    const prompt = loadPrompt('copilot-system');
    assert.equal(prompt.id, 'copilot-system');
    assert.match(prompt.hash, /^[0-9a-f]{64}$/);
    assert.equal(prompt.label, `copilot-system@${prompt.version}#${prompt.hash.slice(0, 12)}`);
    const text = renderPrompt(prompt, { plant: 'Riverside', session: 'session: {}' });
    assert.match(text, /Riverside/);
    assert.match(text, /session: \{\}$/);
  });

  it('changes the hash with the content and refuses missing front matter or slots', () => {
    const a = parsePrompt('---\nid: x\nversion: 1\n---\nHello {{who}}', 'x.md');
    const b = parsePrompt('---\nid: x\nversion: 1\n---\nHello {{who}}!', 'x.md');
    assert.notEqual(a.hash, b.hash);
    assert.throws(() => parsePrompt('Hello', 'y.md'), /front matter/);
    assert.throws(() => renderPrompt(a, {}), /\{\{who\}\} with no value/);
  });
});
