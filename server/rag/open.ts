// Opens the document index of a data folder with the configured embeddings: shared by the
// server (main.ts) and the ingest and eval commands, so all of them read the same index.
import { createEmbeddings } from '../adapters/embeddings';
import type { Config } from '../config';
import type { Db } from '../store/database';
import { DocumentIndex } from './document-index';

export function openDocumentIndex(config: Config, db: Db): DocumentIndex {
  const embeddings = createEmbeddings({
    provider: config.embeddings,
    openai: { baseUrl: config.embeddingsBaseUrl, model: config.embeddingsModel, ...(config.embeddingsApiKey ? { apiKey: config.embeddingsApiKey } : {}) },
    llamacpp: { modelPath: config.embeddingsModelPath },
  });
  return new DocumentIndex({ db, dataDir: config.dataDir, embeddings });
}
