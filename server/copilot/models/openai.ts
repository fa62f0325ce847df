// Any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, a llama.cpp server)
// through ChatOpenAI: base URL, key and model name from configuration; tools bound natively.
import { ChatOpenAI } from '@langchain/openai';

export interface OpenAiChatSettings {
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://vllm:8000/v1 */
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
}

export function openAiChatModel(settings: OpenAiChatSettings): ChatOpenAI {
  return new ChatOpenAI({
    model: settings.model,
    // Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the client insists on one.
    apiKey: settings.apiKey || 'not-needed',
    configuration: { baseURL: settings.baseUrl },
    temperature: 0,
    streaming: true,
    streamUsage: false,
    maxRetries: 1,
    timeout: settings.timeoutMs ?? 60_000,
  });
}

export { openAiModelName } from './choice';
