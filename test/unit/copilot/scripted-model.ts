// A chat model for service tests: each turn step answers from a script (text, tool calls, or a
// wait that only ends when the turn is cancelled).
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';

export type ScriptStep = { text: string } | { calls: { name: string; args: Record<string, unknown> }[] } | { waitForAbort: true };

export class ScriptedChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  readonly seen: BaseMessage[][] = [];
  #step = 0;

  constructor(private readonly script: ScriptStep[]) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(tools: BindToolsInput[]): Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions> {
    return this.withConfig({ tools } as Partial<BaseChatModelCallOptions>) as unknown as Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions>;
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    this.seen.push(messages);
    const step = this.script[this.#step++] ?? { text: 'done' };
    if ('waitForAbort' in step) {
      await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
      throw new Error('aborted');
    }
    const message = 'text' in step ? new AIMessage(step.text) : new AIMessage({ content: '', tool_calls: step.calls.map((c, i) => ({ id: `s${this.#step}_${i}`, name: c.name, args: c.args, type: 'tool_call' as const })) });
    return { generations: [{ message, text: 'text' in step ? step.text : '' }] };
  }
}
