import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HumanMessage } from '@langchain/core/messages';
import { LlamaCppChatModel } from '../../../server/copilot/models/llamacpp';
import { createChatModel } from '../../../server/copilot/models';
import { lineStatusTool } from '../../../server/copilot/tools/line-status';
import { PlantCatalog } from '../../../server/plant/catalog';
import { demoPlant, toolFixture } from './support';

/** node-llama-cpp as far as the model uses it, answering from a script. */
function fakeLlama(replies: string[], prompts: string[]) {
  return async (name: string) => {
    assert.equal(name, 'node-llama-cpp');
    return {
      getLlama: async () => ({
        loadModel: async ({ modelPath }: { modelPath: string }) => (assert.equal(modelPath, '/models/chat.gguf'), { createContext: async () => ({ getSequence: () => ({ dispose: () => {} }) }) }),
        createGrammarForJsonSchema: async () => ({ parse: (text: string) => JSON.parse(text) as unknown }),
      }),
      LlamaChatSession: class {
        async prompt(text: string) {
          prompts.push(text);
          return replies.shift() ?? '{"type":"answer","text":"?"}';
        }
      },
    };
  };
}

describe('llama.cpp chat model', () => {
  it('turns grammar-constrained JSON into tool calls and answers', async () => {
    const prompts: string[] = [];
    const model = new LlamaCppChatModel({ modelPath: '/models/chat.gguf', importModule: fakeLlama(['{"type":"tool_calls","calls":[{"name":"line_status","arguments":"{\\"line\\":\\"LINE-3\\"}"}]}', '{"type":"answer","text":"WO-1001 runs on LINE-3."}'], prompts) });
    const bound = model.bindTools([lineStatusTool(toolFixture().deps)]);
    const first = await bound.invoke([new HumanMessage("What's running on line 3?")]);
    assert.deepEqual(first.tool_calls?.map((c) => [c.name, c.args]), [['line_status', { line: 'LINE-3' }]]);
    assert.match(prompts[0] ?? '', /"name":"line_status"/);
    const second = await bound.invoke([new HumanMessage('again')]);
    assert.equal(second.content, 'WO-1001 runs on LINE-3.');
  });

  it('names the missing package when node-llama-cpp is not installed', async () => {
    const model = new LlamaCppChatModel({ modelPath: '/models/chat.gguf', importModule: async () => Promise.reject(new Error("Cannot find package 'node-llama-cpp'")) });
    await assert.rejects(model.invoke([new HumanMessage('hi')]), /optional package "node-llama-cpp" \(npm install node-llama-cpp\)/);
  });

  it('is chosen by configuration, and needs a model path', () => {
    const catalog = new PlantCatalog(demoPlant());
    assert.match(createChatModel({ provider: 'llamacpp', llamacpp: { modelPath: '/m/q4.gguf' } }, catalog).name, /^llamacpp:q4\.gguf$/);
    assert.throws(() => createChatModel({ provider: 'llamacpp', llamacpp: { modelPath: '' } }, catalog), /QLOOP_LLAMACPP_MODEL/);
    assert.equal(createChatModel({ provider: 'deterministic' }, catalog).name, 'deterministic');
  });
});
