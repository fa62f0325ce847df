// The one realtime contract of the /copilot namespace (DESIGN.md "Public interfaces"),
// shared with the widget as types; incoming payloads are still validated at runtime.
import { z } from 'zod';
import type { Role } from '../domain/roles';

export const COPILOT_NAMESPACE = '/copilot';

export const askSchema = z.object({
  text: z.string().trim().min(1, 'the question is empty').max(2000, 'the question is longer than 2000 characters'),
  conversationId: z.string().max(100).optional(),
});
export type AskPayload = z.infer<typeof askSchema>;

export const decideSchema = z.object({
  proposalId: z.string().min(1).max(100),
  decision: z.enum(['approve', 'reject']),
  signature: z.object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    meaning: z.string().min(1).max(200),
    reason: z.string().trim().min(1, 'a reason is required').max(2000),
  }),
});
export type DecidePayload = z.infer<typeof decideSchema>;

export const cancelSchema = z.object({ messageId: z.string().min(1).max(100) });
export const historySchema = z.object({ conversationId: z.string().max(100).optional() });
export const alertAckSchema = z
  .object({
    alertId: z.string().min(1).max(100),
    action: z.enum(['acknowledge', 'shelve']).default('acknowledge'),
    reason: z.string().trim().max(2000).optional(),
    /** For shelving: until when (ISO time). */
    until: z.iso.datetime({ offset: true }).optional(),
  })
  // ISA-18.2 shelving is a deliberate, explained act: a shelved alert needs a reason (the
  // alert service picks the end when `until` is absent).
  .refine((ack) => ack.action !== 'shelve' || (ack.reason ?? '').length > 0, { message: 'a reason is required to shelve an alert', path: ['reason'] });
export type AlertAckPayload = z.infer<typeof alertAckSchema>;

/** Every client-to-server event name: anything else is refused with a clear ack. */
export const CLIENT_EVENTS = ['ask', 'decide', 'cancel', 'history', 'alert.ack'] as const;
export type ClientEventName = (typeof CLIENT_EVENTS)[number];

/**
 * A control chart for an alert or a trend answer, drawn by the widget as SVG. Points in
 * time order; `flagged` marks points that broke a spec limit or an SPC rule.
 */
export interface ControlChart {
  title: string;
  points: Array<{ x: string | number; y: number; flagged?: boolean; label?: string }>;
  center: number;
  ucl: number;
  lcl: number;
  usl?: number;
  lsl?: number;
  unit?: string;
}

/** What an e-signature shows once applied (21 CFR 11.50: printed name, date and time, meaning). */
export interface SignatureManifest {
  username: string;
  signedBy: string;
  signedAt: string;
  meaning: string;
  reason?: string;
}

export interface ConversationMessage {
  messageId: string;
  role: 'user' | 'assistant' | 'system';
  text: string;
  at: string;
  citations?: Citation[];
  chart?: ControlChart;
}

export interface WireError {
  code: string;
  message: string;
  details?: Array<{ path?: string; message: string }>;
  /** With RATE_LIMITED: when the next event will be accepted. */
  retryAfterMs?: number;
}

export type Ack<T> = (response: ({ ok: true } & T) | { ok: false; error: WireError }) => void;

export interface Citation {
  docId: string;
  title: string;
  revision?: string;
  page?: number;
  url?: string;
}

export interface ToolCallSummary {
  name: string;
  args: unknown;
}

export interface AlertEvent {
  id: string;
  /** open until acknowledged; shelved alerts come back when the shelf time ends. */
  status?: 'open' | 'acknowledged' | 'shelved';
  raisedAt?: string;
  line?: string;
  severity: 'info' | 'warning' | 'critical';
  lot: string;
  test: string;
  value: string | number;
  unit: string;
  spec: string;
  rule: string;
  guidance: string;
  proposalId?: string;
  chart?: ControlChart;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  shelvedUntil?: string;
}

export interface ProposalEvent {
  id: string;
  kind: string;
  status: string;
  lot: string;
  /** One line the card shows as its heading, e.g. "Hold LOT-XYZ789: pH 9.8 above 7.5". */
  title?: string;
  summary?: string;
  line?: string;
  proposedBy?: string;
  createdAt?: string;
  /** A hold's reason code from the plant's table (SOP-QA-010: HR-01 OOS …), as sent to the MES. */
  holdReasonCode?: string;
  /** Who may decide: quality (qa) or operational (supervisor too); quality when absent. */
  authority?: 'quality' | 'operational';
  /** The signature meanings the proposal flow accepts for each decision; the first is the default. */
  meanings?: { approve: string[]; reject: string[] };
  signatures?: SignatureManifest[];
  [key: string]: unknown;
}

export interface NoticeEvent {
  id: string;
  level: 'info' | 'success' | 'warning' | 'error';
  text: string;
  proposalId?: string;
  lot?: string;
}

export interface AnswerDone {
  messageId: string;
  text: string;
  citations: Citation[];
  toolCalls: ToolCallSummary[];
  chart?: ControlChart;
}

export interface SessionUserView {
  username: string;
  displayName: string;
  role: Role;
  lines: string[];
}

export interface SessionEvent {
  user: SessionUserView;
  terminal?: string;
  line?: string;
  copilot: { available: boolean; reason?: string; model?: string };
}

export interface ClientToServerEvents {
  ask: (payload: AskPayload, ack: Ack<{ conversationId: string; messageId: string }>) => void;
  decide: (payload: DecidePayload, ack: Ack<{ proposal: ProposalEvent }>) => void;
  cancel: (payload: { messageId: string }, ack: Ack<{ cancelled: boolean }>) => void;
  history: (payload: { conversationId?: string }, ack: Ack<{ conversationId?: string; messages: ConversationMessage[] }>) => void;
  'alert.ack': (payload: AlertAckPayload, ack: Ack<{ alert: AlertEvent }>) => void;
}

export interface ServerToClientEvents {
  session: (payload: SessionEvent) => void;
  /** Tool progress while the agent works, e.g. "Looking up LIMS results for LOT-XYZ789". */
  'answer.progress': (payload: { messageId: string; tool: string; text: string }) => void;
  'answer.delta': (payload: { messageId: string; text: string }) => void;
  'answer.error': (payload: { messageId: string; error: WireError }) => void;
  'answer.done': (payload: AnswerDone) => void;
  alert: (payload: AlertEvent) => void;
  proposal: (payload: ProposalEvent) => void;
  /** A plain message into the chat, e.g. the MES confirming a hold. */
  notice: (payload: NoticeEvent) => void;
}

/** socket.io handshake `auth` object. */
export interface HandshakeAuth {
  token?: string;
  terminal?: string;
  /** A screen bound to a line rather than one terminal (e.g. a supervisor's line overview). */
  line?: string;
}

export interface SocketData {
  user: SessionUserView;
  terminal?: string;
  line?: string;
}
