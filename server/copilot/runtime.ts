// The LangChain side of the copilot, in one module the service imports on first use: the
// agent with its tools, and one turn over the conversation so far. Loading LangChain takes about
// a second (several under load), so the server listens first and warms this up afterwards.
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createCopilotAgent, type AgentTurnContext } from './agent';
import type { StoredMessage } from './conversations';
import { createCopilotTools, type CopilotToolDeps } from './tools';
import { runAgentTurn, type TurnEvents, type TurnOutcome } from './turn';

export interface CopilotRuntime {
  /** One agent turn: the remembered messages, then the question. */
  turn(history: readonly StoredMessage[], question: string, context: AgentTurnContext, events: TurnEvents, options: { signal: AbortSignal; streamTokens: boolean }): Promise<TurnOutcome>;
}

export function createCopilotRuntime(model: BaseChatModel, tools: CopilotToolDeps): CopilotRuntime {
  const agent = createCopilotAgent(model, createCopilotTools(tools));
  return {
    turn(history, question, context, events, options) {
      const messages: BaseMessage[] = [...history.filter((m) => m.role !== 'system').map((m) => (m.role === 'user' ? new HumanMessage(m.text) : new AIMessage(m.text))), new HumanMessage(question)];
      return runAgentTurn(agent, messages, context, events, options);
    },
  };
}
