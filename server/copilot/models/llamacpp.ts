// A local GGUF model through node-llama-cpp, an optional package (native binaries): imported on
// first use, its absence reported by name. Tool calling is done with a JSON-schema grammar: the
// model must answer {"type":"tool_calls",...} or {"type":"answer",...}, nothing else.
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { renderTranscript, toolCatalog, type ToolDescription } from './transcript';

export const LLAMA_PACKAGE = 'node-llama-cpp';

/** The slice of node-llama-cpp 3 this model uses. */
interface LlamaModule {
  getLlama(): Promise<Llama>;
  LlamaChatSession: new (options: { contextSequence: unknown; systemPrompt?: string }) => { prompt(text: string, options?: { grammar?: unknown; signal?: AbortSignal; maxTokens?: number }): Promise<string> };
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<{ createContext(): Promise<{ getSequence(): { dispose(): void } }> }>;
  createGrammarForJsonSchema(schema: object): Promise<{ parse(text: string): unknown }>;
}

export interface LlamaCppChatFields extends BaseChatModelParams {
  modelPath: string;
  /** For tests: how the package is loaded. */
  importModule?: (name: string) => Promise<unknown>;
}

const REPLY_SCHEMA = {
  oneOf: [
    { type: 'object', properties: { type: { const: 'answer' }, text: { type: 'string' } } },
    { type: 'object', properties: { type: { const: 'tool_calls' }, calls: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, arguments: { type: 'string' } } } } } },
  ],
} as const;

type Reply = { type: 'answer'; text: string } | { type: 'tool_calls'; calls: { name: string; arguments: string }[] };

export class LlamaCppChatModel extends BaseChatModel<BaseChatModelCallOptions & { tools?: BindToolsInput[] }, AIMessageChunk> {
  readonly #fields: LlamaCppChatFields;
  #runtime?: Promise<{ module: LlamaModule; context: { getSequence(): { dispose(): void } }; grammar: { parse(text: string): unknown } }>;
  /** One llama.cpp context evaluates one sequence at a time: turns queue here. */
  #queue: Promise<unknown> = Promise.resolve();
  #calls = 0;

  constructor(fields: LlamaCppChatFields) {
    super(fields);
    this.#fields = fields;
  }

  _llmType(): string {
    return 'qloop-llamacpp';
  }

  override bindTools(tools: BindToolsInput[]): Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions> {
    return this.withConfig({ tools } as Partial<BaseChatModelCallOptions>) as unknown as Runnable<Parameters<BaseChatModel['invoke']>[0], AIMessageChunk, BaseChatModelCallOptions>;
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const tools: ToolDescription[] = toolCatalog(options.tools ?? []);
    const run = this.#queue.then(async () => {
      const { module, context, grammar } = await this.#load();
      const sequence = context.getSequence();
      try {
        const session = new module.LlamaChatSession({ contextSequence: sequence });
        const text = await session.prompt(renderTranscript(messages, tools), { grammar, ...(options.signal ? { signal: options.signal } : {}), maxTokens: 1024 });
        return grammar.parse(text) as Reply;
      } finally {
        sequence.dispose();
      }
    });
    this.#queue = run.catch(() => undefined);
    const reply = await run;
    const message =
      reply.type === 'tool_calls'
        ? new AIMessage({ content: '', tool_calls: reply.calls.map((c) => ({ id: `ll_${++this.#calls}`, name: c.name, args: parseArgs(c.arguments), type: 'tool_call' as const })) })
        : new AIMessage({ content: reply.text });
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] };
  }

  #load() {
    return (this.#runtime ??= (async () => {
      const importModule = this.#fields.importModule ?? ((name: string) => import(/* @vite-ignore */ name));
      let module: LlamaModule;
      try {
        module = (await importModule(LLAMA_PACKAGE)) as LlamaModule;
      } catch (err) {
        this.#runtime = undefined;
        throw new Error(`QLOOP_MODEL=llamacpp needs the optional package "${LLAMA_PACKAGE}" (npm install ${LLAMA_PACKAGE}), which is not installed: ${(err as Error).message}`);
      }
      const llama = await module.getLlama();
      const model = await llama.loadModel({ modelPath: this.#fields.modelPath });
      return { module, context: await model.createContext(), grammar: await llama.createGrammarForJsonSchema(REPLY_SCHEMA) };
    })());
  }
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
