// `qloop serve` stopped by SIGTERM, as a service manager stops it: it drains, records
// system.stopped as the last audit record, closes the database and exits 0 on its own — nothing
// (a grace timer, the WAL checkpoint thread) keeps it alive or cuts the close short.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../support/paths';
import { tempDir } from '../support/temp';

describe('qloop serve on SIGTERM', () => {
  // A grace period far longer than the test may take: a timer left running would hold the process
  // that long, and the test's own timeout fails it.
  it('drains, records system.stopped last and exits 0 by itself', { timeout: 60_000 }, async () => {
    const data = tempDir();
    try {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'qloop.js'), 'serve'], {
        cwd: REPO_ROOT,
        env: { ...process.env, QLOOP_DATA_DIR: data.dir, QLOOP_PORT: '0', QLOOP_HOST: '127.0.0.1', QLOOP_STARTUP_DOCUMENTS: 'none', QLOOP_SHUTDOWN_GRACE_MS: '120000', QLOOP_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      const url = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = /Terminal page: (http:\/\/\S+?)\/?\s/.exec(output);
          if (match) return resolve(match[1] as string);
          if (child.exitCode !== null) return reject(new Error(`serve exited early:\n${output}`));
          setTimeout(check, 100);
        };
        check();
      });
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      assert.deepEqual([code, signal], [0, null], output);
      const db = new Database(path.join(data.dir, 'qloop.db'), { readonly: true });
      try {
        const last = db.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get();
        assert.equal(last, 'system.stopped', 'the close ran to its end before the process exited');
      } finally {
        db.close();
      }
    } finally {
      data.remove();
    }
  });
});
