// Installation secrets (token signing key, audit chain key): from config, or generated once
// and kept (0600) in the data folder so they survive restarts and every process on the
// folder (server, CLI) agrees on them. Back the data folder up with its secrets.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type SecretName = 'jwt-secret' | 'audit-key';

export function installationSecret(name: SecretName, configured: string, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
}
