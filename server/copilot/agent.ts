// The LangChain agent: createAgent (langchain v1) with the copilot's tools, the configured chat
// model, and the versioned system prompt rendered per turn from the runtime context.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createAgent, dynamicSystemPromptMiddleware } from 'langchain';
import type { CopilotTool } from './tools';
import type { CopilotTurnContext } from './tools/context';

export interface AgentTurnContext extends CopilotTurnContext {
  /** The rendered prompts/copilot-system.md for this user, terminal and moment. */
  systemPrompt: string;
}

export function createCopilotAgent(model: BaseChatModel, tools: readonly CopilotTool[]) {
  return createAgent({
    model,
    tools: [...tools],
    middleware: [dynamicSystemPromptMiddleware<AgentTurnContext>((_state, runtime) => runtime.context.systemPrompt)],
    // One tools node running a step's calls with Promise.all: fewer graph tasks per turn than v2.
    version: 'v1',
  });
}

export type CopilotAgent = ReturnType<typeof createCopilotAgent>;
