// Starts the real server on port 0 with a temporary data folder, for integration tests.
import pino from 'pino';
import { loadConfig, type ConfigSources } from '../../server/config';
import { startQloop, type QloopInstance } from '../../server/main';
import { tempDir } from './temp';

export interface TestServer extends QloopInstance {
  dataDir: string;
  login(username: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: ConfigSources['overrides'] = {}): Promise<TestServer> {
  const tmp = tempDir();
  const config = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, startupDocuments: [], ...overrides } });
  const instance = await startQloop(config, { logger: pino({ level: 'silent' }) });
  return {
    ...instance,
    dataDir: tmp.dir,
    async login(username, password) {
      const res = await fetch(`${instance.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (!res.ok || !body.token) throw new Error(`login ${username} failed: ${res.status} ${body.error?.message}`);
      return body.token;
    },
    async stop() {
      await instance.close();
      tmp.remove();
    },
  };
}
