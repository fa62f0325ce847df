// AgentCopilotService: the CopilotService behind the /copilot namespace. One agent turn per
// question: tool progress and grounded answer deltas stream into the sink, the answer is kept in
// the terminal's conversation, and every answer (or refusal, withholding, failure) is audited
// with the model, prompt version, question, tool calls, raw tool results and sources.
// LangChain, the agent and the model load on the first question (or warmUp): not at start.
import { randomUUID } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from 'pino';
import type { SessionUser } from '../auth/tokens';
import type { AuditEntry } from '../domain/audit';
import { can } from '../domain/roles';
import { QloopError, toQloopError } from '../errors';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { AskPayload, Citation, ControlChart, ConversationMessage } from '../realtime/contract';
import type { AnswerSink, AskContext, CopilotService } from '../realtime/services';
import { citationsOf } from './citations';
import type { ConversationRef, ConversationStore, StoredMessage } from './conversations';
import { Evidence, GroundedStream } from './grounding';
import { isInjection, requestedActions } from './models/deterministic/intents';
import { noAnswerText, refusalFor, withheldText } from './models/deterministic/refuse';
import { renderSession } from './models/deterministic/session';
import { progressText } from './progress';
import { renderPrompt, type Prompt } from './prompts';
import type { CopilotRuntime } from './runtime';
import type { CopilotToolDeps } from './tools';
import type { TurnOutcome } from './turn';

export interface CopilotServiceOptions {
  /** The chat model, or how to build it: the server passes a loader so LangChain loads after listen. */
  model: BaseChatModel | (() => Promise<BaseChatModel>);
  /** What the audit trail and the session event name, e.g. "deterministic" or "openai:gpt-4o-mini". */
  modelName: string;
  /** Models that stream tokens get them forwarded (sentence by sentence, each grounded first). */
  streamTokens: boolean;
  tools: CopilotToolDeps;
  audit: AuditLog;
  conversations: ConversationStore;
  clock: Clock;
  prompt: Prompt;
  plantName: string;
  logger?: Logger;
  /** Earlier messages the model sees (the bounded memory window). */
  historyWindow?: number;
  /** Without an id, a terminal's conversation continues if it was used this recently (one shift). */
  resumeWithinMs?: number;
  newId?: () => string;
}

export const AI_ACTOR = { type: 'ai', id: 'qloop-copilot' } as const;

export class AgentCopilotService implements CopilotService {
  readonly model: string;
  #runtime: Promise<CopilotRuntime> | undefined;
  readonly #inflight = new Map<string, { username: string; controller: AbortController }>();
  readonly #newId: () => string;

  constructor(private readonly options: CopilotServiceOptions) {
    this.model = options.modelName;
    this.#newId = options.newId ?? randomUUID;
  }

  ask(user: SessionUser, context: AskContext, payload: AskPayload, sink: AnswerSink): { conversationId: string; messageId: string } {
    if (!can(user.role, 'copilot.ask')) throw new QloopError('FORBIDDEN', `the ${user.role} role may not ask the copilot`);
    const now = this.options.clock.iso();
    const conversation = this.#conversation(user, context.terminal ?? '', payload.conversationId, now);
    const history = this.options.conversations.recent(conversation.id, this.options.historyWindow ?? 8);
    this.options.conversations.append(conversation.id, { messageId: this.#newId(), role: 'user', text: payload.text, at: now });
    const messageId = this.#newId();
    const controller = new AbortController();
    this.#inflight.set(messageId, { username: user.username, controller });
    // The ids go back in the ack first; the answer streams afterwards (services.ts contract).
    setImmediate(() => {
      void this.#answer({ user, context, conversationId: conversation.id, question: payload.text, messageId, history, sink, signal: controller.signal }).finally(() => this.#inflight.delete(messageId));
    });
    return { conversationId: conversation.id, messageId };
  }

  /**
   * Loads LangChain, the model and the agent now rather than on the first question (main.ts
   * calls it right after listen). A failed load is reported here and tried again on the next use.
   */
  async warmUp(): Promise<void> {
    await this.#loadRuntime();
  }

  #loadRuntime(): Promise<CopilotRuntime> {
    this.#runtime ??= (async () => {
      const { model } = this.options;
      const [{ createCopilotRuntime }, chatModel] = await Promise.all([import('./runtime'), typeof model === 'function' ? model() : model]);
      return createCopilotRuntime(chatModel, this.options.tools);
    })();
    const loading = this.#runtime;
    loading.catch(() => {
      if (this.#runtime === loading) this.#runtime = undefined;
    });
    return loading;
  }

  cancel(user: SessionUser, messageId: string): boolean {
    const entry = this.#inflight.get(messageId);
    if (!entry || entry.username !== user.username || entry.controller.signal.aborted) return false;
    entry.controller.abort();
    return true;
  }

  async history(user: SessionUser, context: AskContext, conversationId?: string): Promise<{ conversationId?: string; messages: ConversationMessage[] }> {
    const ref = conversationId ? this.#owned(user, conversationId) : this.options.conversations.latest(user.username, context.terminal ?? '');
    if (!ref) return { messages: [] };
    const messages = this.options.conversations.recent(ref.id, 100).map(({ toolCalls: _calls, ...message }) => message);
    return { conversationId: ref.id, messages };
  }

  #owned(user: SessionUser, conversationId: string): ConversationRef {
    const ref = this.options.conversations.find(conversationId);
    if (!ref || ref.username !== user.username) throw new QloopError('NOT_FOUND', `no conversation "${conversationId}" of ${user.username}`);
    return ref;
  }

  #conversation(user: SessionUser, terminal: string, conversationId: string | undefined, now: string): ConversationRef {
    if (conversationId) return this.#owned(user, conversationId);
    const latest = this.options.conversations.latest(user.username, terminal);
    const window = this.options.resumeWithinMs ?? 12 * 3600_000;
    if (latest && Date.parse(now) - Date.parse(latest.updatedAt) < window) return latest;
    return this.options.conversations.create(user.username, terminal, now, this.#newId());
  }

  async #answer(turn: TurnInput): Promise<void> {
    const { user, context, question, sink } = turn;
    const actions = requestedActions(question);
    const evidence = new Evidence();
    const stream = new GroundedStream(evidence, (text) => sink.delta(text));
    let outcome: TurnOutcome = { answer: '', calls: [], results: [] };
    let refused: string | undefined;
    try {
      if (isInjection(question)) {
        // Input guardrail: an attempt to rewrite the rules never reaches a model or a tool.
        refused = 'injection';
        outcome = { answer: refusalFor(question, 'injection'), calls: [], results: [] };
      } else {
        const systemPrompt = renderPrompt(this.options.prompt, {
          plant: this.options.plantName,
          session: renderSession({ user: user.username, role: user.role, lines: user.lines, ...(context.terminal ? { terminal: context.terminal } : {}), ...(context.line ? { line: context.line } : {}), date: this.options.clock.iso().slice(0, 10) }),
        });
        const runtime = await this.#loadRuntime();
        outcome = await runtime.turn(
          turn.history,
          question,
          { user, ...context, conversationId: turn.conversationId, messageId: turn.messageId, requestedActions: actions, question, systemPrompt },
          {
            toolCalls: (calls) => calls.forEach((call) => sink.progress({ tool: call.name, text: progressText(call) })),
            toolResult: (result) => evidence.add(result.content),
            delta: (text) => stream.push(text),
            modelStepEnded: (withTools) => withTools && stream.discard(),
          },
          { signal: turn.signal, streamTokens: this.options.streamTokens },
        );
      }
      if (turn.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const draft = outcome.answer.trim() || noAnswerText(question);
      const report = evidence.check(draft);
      const grounded = refused !== undefined || report.grounded;
      const text = grounded ? draft : withheldText(question);
      if (grounded && !this.options.streamTokens) stream.push(text);
      if (grounded) stream.end();
      const citations = grounded ? citationsOf(outcome.results) : [];
      const toolCalls = outcome.calls.map((c) => ({ name: c.name, args: c.args }));
      const chart = grounded ? chartOf(outcome) : undefined;
      this.options.conversations.append(turn.conversationId, { messageId: turn.messageId, role: 'assistant', text, at: this.options.clock.iso(), citations, toolCalls, ...(chart ? { chart } : {}) } satisfies StoredMessage);
      await this.#audit(grounded ? 'copilot.answer' : 'copilot.answer.withheld', turn, actions, outcome, text, citations, {
        ...(refused ? { refused } : {}),
        ...(grounded ? {} : { withheldDraft: draft, ungrounded: report.ungrounded }),
      });
      sink.done({ text, citations, toolCalls, ...(chart ? { chart } : {}) });
    } catch (err) {
      const cancelled = turn.signal.aborted;
      const error = cancelled ? { code: 'CANCELLED', message: 'The answer was cancelled.' } : wireError(err);
      if (!cancelled) this.options.logger?.error({ err, messageId: turn.messageId }, 'copilot answer failed');
      await this.#audit(cancelled ? 'copilot.answer.cancelled' : 'copilot.answer.failed', turn, actions, outcome, '', [], { error: error.message }).catch((auditErr: unknown) =>
        this.options.logger?.error({ err: auditErr }, 'copilot audit append failed'),
      );
      sink.error(error);
    }
  }

  async #audit(action: string, turn: TurnInput, actions: string[], outcome: TurnOutcome, output: string, citations: Citation[], after: Record<string, unknown>): Promise<void> {
    const entry: AuditEntry = {
      actor: { ...AI_ACTOR },
      action,
      subject: { type: 'conversation', id: turn.conversationId },
      after: { messageId: turn.messageId, askedBy: turn.user.username, ...after },
      ai: {
        model: this.model,
        promptVersion: this.options.prompt.label,
        inputs: { question: turn.question, user: turn.user.username, role: turn.user.role, lines: turn.user.lines, terminal: turn.context.terminal ?? null, line: turn.context.line ?? null, historyMessages: turn.history.length, requestedActions: actions },
        toolCalls: outcome.results.map((r) => ({ name: r.name, args: r.args, status: r.status, result: r.content })),
        sources: citations,
        output,
      },
    };
    await this.options.audit.append(entry);
  }
}

interface TurnInput {
  user: SessionUser;
  context: AskContext;
  conversationId: string;
  question: string;
  messageId: string;
  history: StoredMessage[];
  sink: AnswerSink;
  signal: AbortSignal;
}

/** The control chart of the turn's last trend or alert tool answer, for the terminal. */
function chartOf(outcome: TurnOutcome): ControlChart | undefined {
  for (const result of [...outcome.results].reverse()) {
    const chart = (result.artifact as { chart?: ControlChart } | undefined)?.chart;
    if (chart) return chart;
  }
  return undefined;
}

function wireError(err: unknown): { code: string; message: string } {
  const error = toQloopError(err);
  return { code: error.code, message: error.code === 'INTERNAL' ? 'The copilot could not answer because of an internal error; it has been logged.' : error.message };
}
