// Express scaffolding shared by the vendor simulators: body parsing, the fault injector in
// front of every route, a listen/close pair for port 0, and the base URL of a request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import type { FaultInjector } from '../faults/fault-injector';

/** An app with the fault injector first, JSON and form bodies (token endpoints post forms). */
export function simulatorApp(faults: FaultInjector): Express {
  const app = express();
  app.disable('x-powered-by');
  // Plain repeated parameters (UID=a&UID=b), however many, as Zope and most vendors read them.
  app.set('query parser', parseQuery);
  app.use(faults.middleware());
  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false }));
  return app;
}

export function parseQuery(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

export interface Listening {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(app: Express, port = 0, host = '127.0.0.1'): Promise<Listening> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Absolute URL of this request's route, without the query (for `next` links). */
export function routeUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}${req.path}`;
}

/** A query value as a list (repeated parameters and comma lists both count). */
export function queryList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

export function queryString(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}
