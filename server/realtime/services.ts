// The seams between the /copilot namespace and the services behind it. The agent and the
// watcher plug in here from main.ts; until one exists the namespace says so plainly.
import type { SessionUser } from '../auth/tokens';
import type { Role } from '../domain/roles';
import type { AlertAckPayload, AlertEvent, AskPayload, Citation, ControlChart, ConversationMessage, DecidePayload, NoticeEvent, ProposalEvent, ToolCallSummary, WireError } from './contract';

export interface AnswerSink {
  progress(step: { tool: string; text: string }): void;
  delta(text: string): void;
  /** `chart` (optional) is drawn under the answer, e.g. for a trend question. */
  done(answer: { text: string; citations: Citation[]; toolCalls: ToolCallSummary[]; chart?: ControlChart }): void;
  error(error: WireError): void;
}

export interface AskContext {
  terminal?: string;
  line?: string;
}

/** Implemented by the copilot agent. */
export interface CopilotService {
  readonly model: string;
  /** Starts answering; ids are returned at once, the answer streams into the sink (never before ask returns). */
  ask(user: SessionUser, context: AskContext, payload: AskPayload, sink: AnswerSink): { conversationId: string; messageId: string };
  /** Stops an answer in progress; false when it had already finished or is not the user's. */
  cancel(user: SessionUser, messageId: string): boolean;
  /** The user's conversation on this terminal (the latest one when no id is given). */
  history(user: SessionUser, context: AskContext, conversationId?: string): Promise<{ conversationId?: string; messages: ConversationMessage[] }>;
}

/** Implemented by the proposal flow (e-signature, guardrails, outbox). */
export interface DecisionService {
  decide(user: SessionUser, payload: DecidePayload): Promise<ProposalEvent>;
}

/** Who should see an event: the terminals of a line, and/or every user of some roles. */
export interface FeedTarget {
  lineId?: string;
  roles?: Role[];
  username?: string;
}

/** Implemented by the realtime layer; the watcher pushes alerts, proposals and notices through it. */
export interface TerminalFeed {
  alert(target: FeedTarget, alert: AlertEvent): void;
  proposal(target: FeedTarget, proposal: ProposalEvent): void;
  notice(target: FeedTarget, notice: NoticeEvent): void;
}

/** Implemented by the watcher: acknowledgement, shelving, and what a terminal missed. */
export interface AlertService {
  acknowledge(user: SessionUser, payload: AlertAckPayload): Promise<AlertEvent>;
  /** Open alerts and pending proposals the user may see on these lines: replayed on (re)connect. */
  outstanding(user: SessionUser, lineIds: string[]): Promise<{ alerts: AlertEvent[]; proposals: ProposalEvent[] }>;
}
