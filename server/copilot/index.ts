// The copilot agent: CopilotService built from configuration and the ports (main.ts wires it).
// The model setting is checked here, at start; the model itself (and LangChain) loads later.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { PlantCatalog } from '../plant/catalog';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { LimsAdapter } from '../ports/lims';
import type { MesAdapter } from '../ports/mes';
import type { ConversationStore } from './conversations';
import { chooseChatModel, type ChatModelSettings } from './models/choice';
import type { AlertLookup, DocumentSearch, ProposalRequests } from './ports';
import { loadPrompt } from './prompts';
import { AgentCopilotService } from './service';

export interface CopilotWiring {
  config: Pick<Config, 'model' | 'openaiBaseUrl' | 'openaiApiKey' | 'openaiModel' | 'llamacppModel'>;
  catalog: PlantCatalog;
  lims: LimsAdapter;
  mes: MesAdapter;
  audit: AuditLog;
  conversations: ConversationStore;
  clock: Clock;
  logger?: Logger;
  documents?: DocumentSearch;
  proposals?: ProposalRequests;
  alerts?: AlertLookup;
  /** Another prompts folder (tests). */
  promptsDir?: string;
}

export const SYSTEM_PROMPT_ID = 'copilot-system';

export function createCopilotService(wiring: CopilotWiring): AgentCopilotService {
  const { config } = wiring;
  const settings: ChatModelSettings = {
    provider: config.model,
    openai: { baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey, model: config.openaiModel },
    llamacpp: { modelPath: config.llamacppModel },
  };
  const chosen = chooseChatModel(settings);
  return new AgentCopilotService({
    model: async () => (await import('./models')).createChatModel(settings, wiring.catalog).model,
    modelName: chosen.name,
    streamTokens: chosen.streamTokens,
    tools: {
      lims: wiring.lims,
      mes: wiring.mes,
      catalog: wiring.catalog,
      clock: wiring.clock,
      ...(wiring.documents ? { documents: wiring.documents } : {}),
      ...(wiring.proposals ? { proposals: wiring.proposals } : {}),
      ...(wiring.alerts ? { alerts: wiring.alerts } : {}),
    },
    audit: wiring.audit,
    conversations: wiring.conversations,
    clock: wiring.clock,
    prompt: loadPrompt(SYSTEM_PROMPT_ID, wiring.promptsDir),
    plantName: `${wiring.catalog.plant.name} (${wiring.catalog.plant.id})`,
    ...(wiring.logger ? { logger: wiring.logger } : {}),
  });
}

export { AgentCopilotService } from './service';
export type { CopilotServiceOptions } from './service';
export { MemoryConversationStore } from './conversations';
export type { ConversationStore } from './conversations';
export { SqliteConversationStore } from './sqlite-conversations';
export type { AlertLookup, DocumentSearch, ProposalRequests } from './ports';
