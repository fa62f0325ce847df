// Client side of bench/realtime.bench.ts, run in child processes (real terminals each have
// their own CPU; one event loop parsing 1,000 sockets would measure the clients, not the
// fan-out). Driven over IPC: connect N clients, then time-stamp each alert's arrival.
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const send = (message: object) => process.send!(message);

interface Client {
  onAlert(handler: (id: string) => void): void;
  close(): void;
}

function open(role: 'socketio' | 'ws', url: string, token: string | undefined): Promise<Client> {
  if (role === 'socketio') {
    return new Promise((resolve, reject) => {
      const socket: Socket = connectSocketIo(`${url}/copilot`, { auth: { token, terminal: 'T-L3-01' }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.once('session', () => resolve({ onAlert: (h) => socket.on('alert', (a: { id: string }) => h(a.id)), close: () => socket.close() }));
      socket.once('connect_error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ onAlert: (h) => ws.on('message', (data) => h((JSON.parse(String(data)) as { id: string }).id)), close: () => ws.close() }));
    ws.once('error', reject);
  });
}

export function runClientRole(): void {
  const clients: Client[] = [];
  setImmediate(() => send({ type: 'ready' }));
  let round: { id: string; arrivals: number[] } | undefined;
  process.on('message', async (message: { type: string; role?: 'socketio' | 'ws'; url?: string; token?: string; count?: number; batch?: number; id?: string }) => {
    if (message.type === 'connect') {
      const times: number[] = [];
      for (let i = 0; i < message.count!; i += message.batch!) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(message.batch!, message.count! - i) }, async () => {
            const t0 = now();
            const client = await open(message.role!, message.url!, message.token);
            times.push(now() - t0);
            return client;
          }),
        );
        clients.push(...batch);
      }
      for (const client of clients) {
        client.onAlert((id) => {
          if (!round || id !== round.id) return;
          round.arrivals.push(now());
          if (round.arrivals.length === clients.length) send({ type: 'arrivals', id, arrivals: round.arrivals });
        });
      }
      send({ type: 'connected', times });
    } else if (message.type === 'expect') {
      round = { id: message.id!, arrivals: [] };
      send({ type: 'expecting' });
    } else if (message.type === 'stop') {
      for (const client of clients) client.close();
      send({ type: 'stopped' });
      setTimeout(() => process.exit(0), 50);
    }
  });
}
