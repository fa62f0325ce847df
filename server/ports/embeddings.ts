// Embeddings port: text to vectors for the document index. The default is local feature
// hashing; OpenAI-compatible and GGUF providers come through configuration.
export interface Embeddings {
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}
