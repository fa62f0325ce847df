// The chat model by configuration (QLOOP_MODEL): deterministic (offline default), openai (any
// OpenAI-compatible endpoint) or llamacpp (a local GGUF file through node-llama-cpp). Loads
// LangChain: the server imports this module on the copilot's first use, not at start.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { PlantCatalog } from '../../plant/catalog';
import { chooseChatModel, type ChatModelSettings, type ModelChoice } from './choice';
import { DeterministicChatModel } from './deterministic/model';
import { LlamaCppChatModel } from './llamacpp';
import { openAiChatModel } from './openai';

export type { ChatModelSettings, ModelChoice } from './choice';
export { chooseChatModel } from './choice';

export interface ChosenModel extends ModelChoice {
  model: BaseChatModel;
}

export function createChatModel(settings: ChatModelSettings, catalog: PlantCatalog): ChosenModel {
  const choice = chooseChatModel(settings);
  switch (settings.provider) {
    case 'deterministic':
      return { ...choice, model: new DeterministicChatModel({ catalog }) };
    case 'openai':
      return { ...choice, model: openAiChatModel(settings.openai!) as unknown as BaseChatModel };
    case 'llamacpp':
      return { ...choice, model: new LlamaCppChatModel(settings.llamacpp!) };
  }
}

export { DeterministicChatModel } from './deterministic/model';
