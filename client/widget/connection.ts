// One socket to the /copilot namespace: typed by the shared contract (types only), states
// the widget shows, and requests that answer with an error instead of hanging when offline.
import { io, type Socket } from 'socket.io-client';
import type { AlertAckPayload, AlertEvent, ClientToServerEvents, ConversationMessage, DecidePayload, ProposalEvent, ServerToClientEvents, WireError } from '../../server/realtime/contract';

export type CopilotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';
export type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };

export interface ConnectionOptions {
  server: string;
  token: string;
  terminal?: string;
  line?: string;
  notConnected: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class CopilotConnection {
  readonly socket: CopilotSocket;
  private everConnected = false;
  private closed = false;

  constructor(private readonly options: ConnectionOptions, private readonly onState: (state: ConnectionState, detail?: string) => void) {
    const auth: Record<string, string> = { token: options.token };
    if (options.terminal) auth.terminal = options.terminal;
    if (options.line) auth.line = options.line;
    // Polling first, then the upgrade to WebSocket: it gets through every plant proxy.
    this.socket = io(`${options.server.replace(/\/$/, '')}/copilot`, { auth, forceNew: true, reconnectionDelayMax: 5000 });
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.onState('connected');
    });
    this.socket.on('disconnect', (reason) => {
      if (this.closed) return;
      this.onState('disconnected', reason);
      // A server-side kick is not retried by socket.io; try again, the handshake says why if refused.
      if (reason === 'io server disconnect') setTimeout(() => !this.closed && this.socket.connect(), 2000);
    });
    this.socket.on('connect_error', (err: Error & { data?: WireError }) => {
      if (this.closed) return;
      if (this.socket.active) this.onState(this.everConnected ? 'disconnected' : 'connecting', err.message);
      else this.onState('refused', err.data?.message ?? err.message);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.close();
  }

  ask(text: string, conversationId: string | undefined): Promise<Reply<{ conversationId: string; messageId: string }>> {
    return this.request(() => this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('ask', { text, ...(conversationId ? { conversationId } : {}) }));
  }

  cancel(messageId: string): Promise<Reply<{ cancelled: boolean }>> {
    return this.request(() => this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('cancel', { messageId }));
  }

  history(conversationId: string | undefined): Promise<Reply<{ conversationId?: string; messages: ConversationMessage[] }>> {
    return this.request(() => this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('history', conversationId ? { conversationId } : {}));
  }

  decide(payload: DecidePayload): Promise<Reply<{ proposal: ProposalEvent }>> {
    return this.request(() => this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('decide', payload));
  }

  acknowledge(payload: AlertAckPayload): Promise<Reply<{ alert: AlertEvent }>> {
    return this.request(() => this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alert.ack', payload));
  }

  private async request<T>(send: () => Promise<Reply<T>>): Promise<Reply<T>> {
    if (!this.socket.connected) return { ok: false, error: { code: 'UNAVAILABLE', message: this.options.notConnected } };
    try {
      return await send();
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: this.options.notConnected } };
    }
  }
}
