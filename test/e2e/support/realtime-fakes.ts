// Test-only fakes of the realtime seams (CopilotService, DecisionService, AlertService):
// a copilot that streams scripted answers, and an alert/proposal store. The product never
// uses them: without a real copilot the widget says plainly that none is available.
import type { SessionUser } from '../../../server/auth/tokens';
import { QloopError } from '../../../server/errors';
import type { AlertAckPayload, AlertEvent, AskPayload, Citation, ControlChart, ConversationMessage, DecidePayload, ProposalEvent, WireError } from '../../../server/realtime/contract';
import type { AlertService, AnswerSink, AskContext, CopilotService, DecisionService, TerminalFeed } from '../../../server/realtime/services';

export interface ScriptedAnswer {
  match: RegExp;
  progress?: Array<{ tool: string; text: string }>;
  chunks: string[];
  citations?: Citation[];
  chart?: ControlChart;
  error?: WireError;
}

interface Conversation {
  id: string;
  key: string;
  messages: ConversationMessage[];
}

export class ScriptedCopilot implements CopilotService {
  readonly model = 'scripted-test-copilot';
  readonly asked: Array<{ user: string; context: AskContext; payload: AskPayload }> = [];
  private readonly conversations: Conversation[] = [];
  private readonly running = new Map<string, { username: string; cancelled: boolean }>();
  private serial = 0;

  constructor(private readonly script: ScriptedAnswer[], private readonly stepMs = 25) {}

  ask(user: SessionUser, context: AskContext, payload: AskPayload, sink: AnswerSink): { conversationId: string; messageId: string } {
    this.asked.push({ user: user.username, context, payload });
    const key = `${user.username}|${context.terminal ?? ''}`;
    let conversation = payload.conversationId ? this.conversations.find((c) => c.id === payload.conversationId && c.key === key) : undefined;
    if (!conversation) {
      conversation = { id: `C-${++this.serial}`, key, messages: [] };
      this.conversations.push(conversation);
    }
    const messageId = `M-${++this.serial}`;
    conversation.messages.push({ messageId: `U-${this.serial}`, role: 'user', text: payload.text, at: new Date().toISOString() });
    const answer = this.script.find((a) => a.match.test(payload.text)) ?? { match: /.*/, chunks: ['I have no scripted answer for that.'] };
    const run = { username: user.username, cancelled: false };
    this.running.set(messageId, run);
    const steps: Array<() => void> = [
      ...(answer.progress ?? []).map((p) => () => sink.progress(p)),
      ...answer.chunks.map((chunk) => () => sink.delta(chunk)),
      () => {
        this.running.delete(messageId);
        if (answer.error) return sink.error(answer.error);
        const text = answer.chunks.join('');
        conversation.messages.push({ messageId, role: 'assistant', text, at: new Date().toISOString(), citations: answer.citations ?? [], ...(answer.chart ? { chart: answer.chart } : {}) });
        sink.done({ text, citations: answer.citations ?? [], toolCalls: (answer.progress ?? []).map((p) => ({ name: p.tool, args: {} })), ...(answer.chart ? { chart: answer.chart } : {}) });
      },
    ];
    const next = (i: number) => {
      if (run.cancelled || i >= steps.length) return;
      steps[i]!();
      setTimeout(() => next(i + 1), this.stepMs);
    };
    setTimeout(() => next(0), this.stepMs);
    return { conversationId: conversation.id, messageId };
  }

  cancel(user: SessionUser, messageId: string): boolean {
    const run = this.running.get(messageId);
    if (!run || run.username !== user.username) return false;
    run.cancelled = true;
    this.running.delete(messageId);
    return true;
  }

  async history(user: SessionUser, context: AskContext, conversationId?: string): Promise<{ conversationId?: string; messages: ConversationMessage[] }> {
    const key = `${user.username}|${context.terminal ?? ''}`;
    const mine = this.conversations.filter((c) => c.key === key);
    const conversation = conversationId ? mine.find((c) => c.id === conversationId) : mine.at(-1);
    return conversation ? { conversationId: conversation.id, messages: [...conversation.messages] } : { messages: [] };
  }
}

/** Alerts and proposals in memory; `raise` stores and pushes through the real TerminalFeed. */
export class FakeAlertStore implements AlertService {
  readonly alerts = new Map<string, AlertEvent>();
  readonly proposals = new Map<string, ProposalEvent>();
  feed: TerminalFeed | undefined;

  raise(alert: AlertEvent, options: { push?: boolean } = {}): void {
    this.alerts.set(alert.id, { status: 'open', ...alert });
    if (options.push !== false) this.feed?.alert({ lineId: alert.line }, this.alerts.get(alert.id)!);
  }

  propose(proposal: ProposalEvent, options: { push?: boolean } = {}): void {
    this.proposals.set(proposal.id, proposal);
    if (options.push !== false) this.feed?.proposal({ lineId: proposal.line, roles: ['qa', 'supervisor'] }, proposal);
  }

  async acknowledge(user: SessionUser, payload: AlertAckPayload): Promise<AlertEvent> {
    const alert = this.alerts.get(payload.alertId);
    if (!alert) throw new QloopError('NOT_FOUND', `no alert ${payload.alertId}`);
    const updated: AlertEvent =
      payload.action === 'shelve'
        ? { ...alert, status: 'shelved', ...(payload.until ? { shelvedUntil: payload.until } : {}) }
        : { ...alert, status: 'acknowledged', acknowledgedBy: user.displayName, acknowledgedAt: new Date().toISOString() };
    this.alerts.set(alert.id, updated);
    return updated;
  }

  async outstanding(_user: SessionUser, lineIds: string[]): Promise<{ alerts: AlertEvent[]; proposals: ProposalEvent[] }> {
    const onLines = (line: unknown) => typeof line !== 'string' || lineIds.includes(line);
    return {
      alerts: [...this.alerts.values()].filter((a) => (a.status ?? 'open') === 'open' && onLines(a.line)),
      proposals: [...this.proposals.values()].filter((p) => p.status === 'proposed' && onLines(p.line)),
    };
  }
}

/** Decides the store's proposals; the password is checked by the real accounts (late-bound). */
export class FakeDecisions implements DecisionService {
  authenticate: ((username: string, password: string) => Promise<SessionUser>) | undefined;
  readonly decided: DecidePayload[] = [];

  constructor(private readonly store: FakeAlertStore) {}

  async decide(user: SessionUser, payload: DecidePayload): Promise<ProposalEvent> {
    const proposal = this.store.proposals.get(payload.proposalId);
    if (!proposal) throw new QloopError('NOT_FOUND', `no proposal ${payload.proposalId}`);
    if (proposal.status !== 'proposed') throw new QloopError('CONFLICT', `proposal ${proposal.id} is already ${proposal.status}`);
    if (!this.authenticate) throw new QloopError('UNAVAILABLE', 'no authenticator');
    await this.authenticate(payload.signature.username, payload.signature.password);
    this.decided.push(payload);
    const signedAt = new Date().toISOString();
    const decided: ProposalEvent = {
      ...proposal,
      status: payload.decision === 'approve' ? 'approved' : 'rejected',
      signatures: [...(proposal.signatures ?? []), { username: user.username, signedBy: user.displayName, signedAt, meaning: payload.signature.meaning, reason: payload.signature.reason }],
    };
    this.store.proposals.set(proposal.id, decided);
    return decided;
  }
}
