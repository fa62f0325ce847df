// The chat model by configuration (QLOOP_MODEL): deterministic (offline default), openai (any
// OpenAI-compatible endpoint) or llamacpp (a local GGUF file through node-llama-cpp).
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { PlantCatalog } from '../../plant/catalog';
import { DeterministicChatModel } from './deterministic/model';
import { LlamaCppChatModel } from './llamacpp';
import { openAiChatModel, openAiModelName } from './openai';

export interface ChatModelSettings {
  provider: 'deterministic' | 'openai' | 'llamacpp';
  openai?: { baseUrl: string; apiKey: string; model: string };
  llamacpp?: { modelPath: string; importModule?: (name: string) => Promise<unknown> };
}

export interface ChosenModel {
  model: BaseChatModel;
  name: string;
  streamTokens: boolean;
}

export function createChatModel(settings: ChatModelSettings, catalog: PlantCatalog): ChosenModel {
  switch (settings.provider) {
    case 'deterministic':
      return { model: new DeterministicChatModel({ catalog }), name: 'deterministic', streamTokens: false };
    case 'openai': {
      if (!settings.openai?.baseUrl || !settings.openai.model) throw new Error('QLOOP_MODEL=openai needs QLOOP_OPENAI_BASE_URL and QLOOP_OPENAI_MODEL');
      return { model: openAiChatModel(settings.openai) as unknown as BaseChatModel, name: openAiModelName(settings.openai), streamTokens: true };
    }
    case 'llamacpp': {
      if (!settings.llamacpp?.modelPath) throw new Error('QLOOP_MODEL=llamacpp needs QLOOP_LLAMACPP_MODEL, the path of a GGUF chat model');
      return { model: new LlamaCppChatModel(settings.llamacpp), name: `llamacpp:${settings.llamacpp.modelPath.split(/[\\/]/).pop()}`, streamTokens: false };
    }
  }
}

export { DeterministicChatModel } from './deterministic/model';
