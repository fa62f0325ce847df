// Which chat model the configuration asks for (QLOOP_MODEL), checked without loading it: the
// server validates the setting and names the model at start, and loads LangChain and the model
// classes only when the copilot is first used (models/index.ts builds the model).

export interface ChatModelSettings {
  provider: 'deterministic' | 'openai' | 'llamacpp';
  openai?: { baseUrl: string; apiKey: string; model: string };
  llamacpp?: { modelPath: string; importModule?: (name: string) => Promise<unknown> };
}

export interface ModelChoice {
  /** What the audit trail and the session event name, e.g. "deterministic" or "openai:gpt-4o-mini@...". */
  name: string;
  /** Models that stream tokens get them forwarded (sentence by sentence, each grounded first). */
  streamTokens: boolean;
}

/** Names the configured model; a setting it cannot run with is refused here, at start. */
export function chooseChatModel(settings: ChatModelSettings): ModelChoice {
  switch (settings.provider) {
    case 'deterministic':
      return { name: 'deterministic', streamTokens: false };
    case 'openai': {
      if (!settings.openai?.baseUrl || !settings.openai.model) throw new Error('QLOOP_MODEL=openai needs QLOOP_OPENAI_BASE_URL and QLOOP_OPENAI_MODEL');
      return { name: openAiModelName(settings.openai), streamTokens: true };
    }
    case 'llamacpp': {
      if (!settings.llamacpp?.modelPath) throw new Error('QLOOP_MODEL=llamacpp needs QLOOP_LLAMACPP_MODEL, the path of a GGUF chat model');
      return { name: `llamacpp:${settings.llamacpp.modelPath.split(/[\\/]/).pop()}`, streamTokens: false };
    }
  }
}

export function openAiModelName(settings: { baseUrl: string; model: string }): string {
  return `openai:${settings.model}@${settings.baseUrl.replace(/\/+$/, '')}`;
}
