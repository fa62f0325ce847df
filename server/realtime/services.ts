// What the /copilot namespace hands questions and decisions to. The agent and the decision
// flow plug in here from main.ts; until they exist the namespace says so plainly.
import type { SessionUser } from '../auth/tokens';
import type { AskPayload, Citation, DecidePayload, ProposalEvent, ToolCallSummary } from './contract';

export interface AnswerSink {
  delta(text: string): void;
  done(answer: { text: string; citations: Citation[]; toolCalls: ToolCallSummary[] }): void;
}

export interface CopilotService {
  readonly model: string;
  /** Starts answering; ids are returned at once, the answer streams into the sink. */
  ask(user: SessionUser, context: { terminal?: string; line?: string }, payload: AskPayload, sink: AnswerSink): { conversationId: string; messageId: string };
}

export interface DecisionService {
  decide(user: SessionUser, payload: DecidePayload): Promise<ProposalEvent>;
}
