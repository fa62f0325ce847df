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

export interface WireError {
  code: string;
  message: string;
  details?: Array<{ path?: string; message: string }>;
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
  severity: 'info' | 'warning' | 'critical';
  lot: string;
  test: string;
  value: string | number;
  unit: string;
  spec: string;
  rule: string;
  guidance: string;
  proposalId?: string;
}

export interface ProposalEvent {
  id: string;
  kind: string;
  status: string;
  lot: string;
  [key: string]: unknown;
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
}

export interface ServerToClientEvents {
  session: (payload: SessionEvent) => void;
  'answer.delta': (payload: { messageId: string; text: string }) => void;
  'answer.done': (payload: { messageId: string; text: string; citations: Citation[]; toolCalls: ToolCallSummary[] }) => void;
  alert: (payload: AlertEvent) => void;
  proposal: (payload: ProposalEvent) => void;
}

/** socket.io handshake `auth` object. */
export interface HandshakeAuth {
  token?: string;
  terminal?: string;
}

export interface SocketData {
  user: SessionUserView;
  terminal?: string;
  line?: string;
}
