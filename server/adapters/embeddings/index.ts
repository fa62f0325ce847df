// Builds the configured Embeddings adapter (QLOOP_EMBEDDINGS): hash by default, no network.
import type { Embeddings } from '../../ports/embeddings';
import { HashEmbeddings } from './hash-embeddings';
import { LlamaCppEmbeddings } from './llamacpp-embeddings';
import { OpenAiEmbeddings } from './openai-embeddings';

export { HashEmbeddings } from './hash-embeddings';
export { LlamaCppEmbeddings } from './llamacpp-embeddings';
export { OpenAiEmbeddings } from './openai-embeddings';

export interface EmbeddingsSettings {
  provider: 'hash' | 'openai' | 'llamacpp';
  hashDimensions?: number;
  openai?: { baseUrl: string; model: string; apiKey?: string; dimensions?: number };
  llamacpp?: { modelPath: string };
}

export function createEmbeddings(settings: EmbeddingsSettings): Embeddings {
  switch (settings.provider) {
    case 'hash':
      return new HashEmbeddings(settings.hashDimensions ? { dimensions: settings.hashDimensions } : {});
    case 'openai':
      if (!settings.openai?.baseUrl || !settings.openai.model) throw new Error('embeddings "openai" need a base URL and a model name');
      return new OpenAiEmbeddings(settings.openai);
    case 'llamacpp':
      if (!settings.llamacpp?.modelPath) throw new Error('embeddings "llamacpp" need the path of a GGUF embedding model');
      return new LlamaCppEmbeddings(settings.llamacpp);
  }
}
