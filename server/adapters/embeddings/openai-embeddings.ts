// Embeddings from any OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure OpenAI, vLLM,
// Ollama, llama.cpp server) through LangChain's OpenAIEmbeddings with a custom base URL.
// LangChain's OpenAI package is loaded on the first call: a server on the default hash embeddings
// never pays for it at start.
import type { OpenAIEmbeddings } from '@langchain/openai';
import type { Embeddings } from '../../ports/embeddings';

export interface OpenAiEmbeddingsOptions {
  /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  model: string;
  /** Local servers ignore the key; the OpenAI client still requires a non-empty one. */
  apiKey?: string;
  /** Requested vector length, for models that support shortening (text-embedding-3-*). */
  dimensions?: number;
  batchSize?: number;
  timeoutMs?: number;
}

export class OpenAiEmbeddings implements Embeddings {
  readonly id: string;
  private known = 0;
  #client: Promise<OpenAIEmbeddings> | undefined;

  constructor(private readonly options: OpenAiEmbeddingsOptions) {
    this.id = `openai:${options.model}${options.dimensions ? `:${options.dimensions}` : ''}@${options.baseUrl.replace(/\/+$/, '')}`;
    this.known = options.dimensions ?? 0;
  }

  private client(): Promise<OpenAIEmbeddings> {
    const { options } = this;
    this.#client ??= import('@langchain/openai').then(
      ({ OpenAIEmbeddings }) =>
        new OpenAIEmbeddings({
          model: options.model,
          apiKey: options.apiKey || 'not-needed',
          configuration: { baseURL: options.baseUrl },
          ...(options.dimensions ? { dimensions: options.dimensions } : {}),
          batchSize: options.batchSize ?? 64,
          timeout: options.timeoutMs ?? 60_000,
          // Some compatible servers (llama.cpp, older Ollama) do not implement base64 output.
          encodingFormat: 'float',
          maxRetries: 2,
        }),
    );
    return this.#client;
  }

  /** Known after the first call unless configured. */
  get dimensions(): number {
    return this.known;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.call(async () => (await this.client()).embedDocuments(texts));
    this.known = vectors[0]?.length ?? this.known;
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const vector = await this.call(async () => (await this.client()).embedQuery(text));
    this.known = vector.length;
    return vector;
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new Error(`embeddings endpoint ${this.options.baseUrl} (model ${this.options.model}) failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
