// Embeddings from a local GGUF model through node-llama-cpp, loaded on first use. The package
// is optional (it downloads native binaries), so it is imported dynamically and its absence
// is reported by name.
import type { Embeddings } from '../../ports/embeddings';

export interface LlamaCppEmbeddingsOptions {
  modelPath: string;
  /** For tests: how the package is loaded. */
  importModule?: (name: string) => Promise<unknown>;
}

/** The slice of node-llama-cpp 3 this adapter uses. */
interface LlamaModule {
  getLlama(): Promise<{ loadModel(o: { modelPath: string }): Promise<{ createEmbeddingContext(): Promise<EmbeddingContext> }> }>;
}
interface EmbeddingContext {
  getEmbeddingFor(text: string): Promise<{ vector: readonly number[] }>;
}

export const LLAMA_PACKAGE = 'node-llama-cpp';

export class LlamaCppEmbeddings implements Embeddings {
  readonly id: string;
  private known = 0;
  private context?: Promise<EmbeddingContext>;

  constructor(private readonly options: LlamaCppEmbeddingsOptions) {
    this.id = `llamacpp:${options.modelPath.split(/[\\/]/).pop() ?? options.modelPath}`;
  }

  get dimensions(): number {
    return this.known;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    // One at a time: a llama.cpp context evaluates one sequence at once.
    for (const text of texts) vectors.push(await this.embedQuery(text));
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const context = await (this.context ??= this.load());
    const vector = Array.from((await context.getEmbeddingFor(text)).vector);
    this.known = vector.length;
    return vector;
  }

  private async load(): Promise<EmbeddingContext> {
    const importModule = this.options.importModule ?? ((name: string) => import(/* @vite-ignore */ name));
    let llama: LlamaModule;
    try {
      llama = (await importModule(LLAMA_PACKAGE)) as LlamaModule;
    } catch (err) {
      this.context = undefined;
      throw new Error(`embeddings "llamacpp" need the optional package ${LLAMA_PACKAGE}, which is not installed: run \`npm install ${LLAMA_PACKAGE}@3\` or choose QLOOP_EMBEDDINGS=hash`, { cause: err });
    }
    try {
      const model = await (await llama.getLlama()).loadModel({ modelPath: this.options.modelPath });
      return await model.createEmbeddingContext();
    } catch (err) {
      this.context = undefined;
      throw new Error(`cannot load the GGUF embedding model ${this.options.modelPath}: ${(err as Error).message}`, { cause: err });
    }
  }
}
