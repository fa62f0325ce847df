// A real socket.io client for realtime tests, with small waiting helpers (no sleeps: every
// wait ends on an event, with a generous timeout only as a safety net).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../../server/realtime/contract';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectCopilot(url: string, auth: HandshakeAuth, options: { reconnection?: boolean } = {}): TestSocket {
  return io(`${url}/copilot`, { auth: { ...auth }, transports: ['websocket'], reconnection: options.reconnection ?? false, forceNew: true });
}

export function nextEvent<T = unknown>(socket: TestSocket, event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const untyped = socket as unknown as { on(e: string, f: (p: T) => void): void; off(e: string, f: (p: T) => void): void };
    const timer = setTimeout(() => {
      untyped.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      untyped.off(event, handler);
      resolve(payload);
    };
    untyped.on(event, handler);
  });
}

/** Records every payload of some events, in arrival order. */
export function record(socket: TestSocket, events: string[]): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => events.includes(event) && seen.push({ event, payload }));
  return seen;
}

export async function connected(socket: TestSocket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}
