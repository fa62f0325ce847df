// The offline default chat model: a LangChain BaseChatModel that does tool calling itself. It
// recognises the operator's intent and the plant's entities (English, German, Spanish), emits
// tool calls, and writes the final answer only from the tool answers. No network, no weights.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import type { PlantCatalog } from '../../../plant/catalog';
import { composeAnswer } from './compose/compose';
import type { Names } from './compose/words';
import { EntityRecognizer } from './entities';
import { remember } from './memory';
import { nextCalls, type DoneCall, type ToolResult } from './planner';
import { readSession, textOf, type Session } from './session';
import { understand, type Understanding } from './understand';

/** More tool rounds than any question needs: a guard against a plan that never settles. */
const MAX_CALLS = 8;

export interface DeterministicChatModelFields extends BaseChatModelParams {
  catalog: PlantCatalog;
}

export class DeterministicChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  readonly #catalog: PlantCatalog;
  readonly #recognizer: EntityRecognizer;
  readonly #names: Names;
  /** A turn calls the model once per tool round with the same question: understand it once. */
  readonly #understood = new Map<string, Understanding>();

  constructor(fields: DeterministicChatModelFields) {
    super(fields);
    this.#catalog = fields.catalog;
    this.#recognizer = new EntityRecognizer(fields.catalog);
    this.#names = {
      test: (code) => fields.catalog.dataset.specifications.find((s) => s.test === code || s.test.startsWith(`${code}-`))?.keyword ?? code,
      product: (id) => fields.catalog.product(id)?.name ?? id,
    };
  }

  static override lc_name(): string {
    return 'QloopDeterministicChatModel';
  }

  _llmType(): string {
    return 'qloop-deterministic';
  }

  /** The tools are the copilot's own; the model plans with their names, so binding only records them. */
  override bindTools(tools: BindToolsInput[]): Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions> {
    return this.withConfig({ tools } as Partial<BaseChatModelCallOptions>) as unknown as Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions>;
  }

  /** The next message of the turn: tool calls still needed, or the written answer. */
  decide(messages: readonly BaseMessage[]): AIMessage {
    const session = readSession(messages);
    const lastHuman = findLastIndex(messages, (m) => m.getType() === 'human');
    const question = lastHuman >= 0 ? textOf(messages[lastHuman] as BaseMessage) : '';
    const earlier = messages.slice(0, Math.max(lastHuman, 0)).filter((m) => m.getType() === 'human' || (m.getType() === 'ai' && !hasToolCalls(m))).map(textOf);
    const done = doneCalls(messages.slice(lastHuman + 1));
    const understanding = this.#understand(question, session, earlier);
    const calls = done.length >= MAX_CALLS ? [] : nextCalls(understanding, done);
    if (calls.length > 0) {
      return new AIMessage({ content: '', tool_calls: calls.map((c, i) => ({ id: `qd_${done.length + i + 1}`, name: c.tool, args: c.args, type: 'tool_call' as const })) });
    }
    return new AIMessage({ content: composeAnswer(understanding, done, this.#names, session.role ?? '') });
  }

  #understand(question: string, session: Session, earlier: string[]): Understanding {
    const key = JSON.stringify([question, session, earlier]);
    let understanding = this.#understood.get(key);
    if (!understanding) {
      understanding = understand(question, session, remember(earlier, this.#recognizer, session.line), this.#recognizer, this.#catalog);
      if (this.#understood.size >= 128) this.#understood.delete(this.#understood.keys().next().value as string);
      this.#understood.set(key, understanding);
    }
    return understanding;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.decide(messages);
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], _options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const message = this.decide(messages);
    if (message.tool_calls?.length) {
      const chunks = message.tool_calls.map((c, index) => ({ name: c.name, args: JSON.stringify(c.args), id: c.id, index, type: 'tool_call_chunk' as const }));
      yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: '', tool_call_chunks: chunks }), text: '' });
      return;
    }
    // A few words per chunk, as a token stream would arrive.
    for (const piece of String(message.content).match(/\S+\s*/g) ?? []) {
      yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: piece }), text: piece });
      await runManager?.handleLLMNewToken(piece);
    }
  }
}

function hasToolCalls(message: BaseMessage): boolean {
  return ((message as AIMessage).tool_calls?.length ?? 0) > 0;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}

/** The calls of this turn with their answers, pairing each tool message with its call. */
function doneCalls(turn: readonly BaseMessage[]): DoneCall[] {
  const calls = new Map<string, { tool: string; args: Record<string, unknown> }>();
  const done: DoneCall[] = [];
  for (const message of turn) {
    if (message.getType() === 'ai') for (const c of (message as AIMessage).tool_calls ?? []) calls.set(c.id ?? '', { tool: c.name, args: c.args });
    if (message.getType() === 'tool') {
      const id = (message as unknown as { tool_call_id: string }).tool_call_id;
      const call = calls.get(id);
      if (call) done.push({ ...call, result: parseResult(textOf(message)) });
    }
  }
  return done;
}

function parseResult(text: string): ToolResult {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as ToolResult;
  } catch {
    // A thrown tool error arrives as plain text (e.g. a schema failure).
  }
  return { ok: false, error: text.slice(0, 500) };
}
