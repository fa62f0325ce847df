// The audit trail is tamper-evident: `qloop audit verify` passes on an intact chain and names
// the first bad seq after an edit, a deletion, a swap or a forged append, and a SIGKILL in
// the middle of writing leaves a chain that still verifies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { hmacSha256, sha256 } from '../../server/adapters/audit/sha256';
import { SqliteAuditLog } from '../../server/adapters/audit/sqlite-audit-log';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { hashInput } from '../../server/domain/audit';
import { installationSecret } from '../../server/secrets';
import { databaseFile, openDatabase } from '../../server/store/database';
import { runQloop } from '../support/cli';
import { REPO_ROOT } from '../support/paths';
import { tempDir } from '../support/temp';

function seedTrail(count = 6): { dir: string; remove(): void } {
  const tmp = tempDir();
  const db = openDatabase(tmp.dir);
  const clock = new ManualClock();
  const log = new SqliteAuditLog(db, clock, hmacSha256(installationSecret('audit-key', '', tmp.dir)));
  for (let i = 1; i <= count; i++) {
    clock.advance(1000);
    log.appendSync({ actor: { type: 'user', id: 'qa.anna', role: 'qa' }, action: 'proposal.approved', subject: { type: 'proposal', id: `P-${i}` }, reason: `reason ${i}`, after: { status: 'approved' } });
  }
  db.close();
  return tmp;
}

/** Opens the database as a tamperer would: directly, dropping the append-only triggers. */
function tamper(dir: string, sql: string): void {
  const db = new Database(databaseFile(dir));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  db.close();
}

async function verify(dir: string) {
  return runQloop(['audit', 'verify', '--data-dir', dir]);
}

describe('audit trail tamper evidence', () => {
  const dirs: Array<{ remove(): void }> = [];
  after(() => dirs.forEach((d) => d.remove()));
  const fresh = () => {
    const t = seedTrail();
    dirs.push(t);
    return t.dir;
  };

  it('verifies an intact chain (exit 0)', async () => {
    const result = await verify(fresh());
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /intact: 6 records/);
  });

  it('the triggers refuse UPDATE and DELETE', () => {
    const dir = fresh();
    const db = new Database(databaseFile(dir));
    assert.throws(() => db.exec("UPDATE audit_log SET action = 'x' WHERE seq = 2"), /append-only/);
    assert.throws(() => db.exec('DELETE FROM audit_log WHERE seq = 2'), /append-only/);
    db.close();
  });

  it('names the seq of an edited field', async () => {
    const dir = fresh();
    tamper(dir, `UPDATE audit_log SET record = json_set(record, '$.reason', 'nothing to see') WHERE seq = 3`);
    const result = await verify(dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /BROKEN at seq 3:.*altered/);
  });

  it('names the seq of an edited index column', async () => {
    const dir = fresh();
    tamper(dir, `UPDATE audit_log SET actor_id = 'qa.ben' WHERE seq = 4`);
    assert.match((await verify(dir)).stderr, /BROKEN at seq 4:/);
  });

  it('names the seq of a deleted record', async () => {
    const dir = fresh();
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 3');
    const result = await verify(dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /BROKEN at seq 3: expected seq 3 but found seq 4/);
  });

  it('names the first seq of two swapped records', async () => {
    const dir = fresh();
    tamper(
      dir,
      `CREATE TEMP TABLE a AS SELECT * FROM audit_log WHERE seq = 4;
       CREATE TEMP TABLE b AS SELECT * FROM audit_log WHERE seq = 5;
       UPDATE audit_log SET time = (SELECT time FROM b), actor_id = (SELECT actor_id FROM b), action = (SELECT action FROM b), subject_type = (SELECT subject_type FROM b), subject_id = (SELECT subject_id FROM b), record = (SELECT record FROM b), prev_hash = (SELECT prev_hash FROM b), hash = (SELECT hash FROM b) WHERE seq = 4;
       UPDATE audit_log SET time = (SELECT time FROM a), actor_id = (SELECT actor_id FROM a), action = (SELECT action FROM a), subject_type = (SELECT subject_type FROM a), subject_id = (SELECT subject_id FROM a), record = (SELECT record FROM a), prev_hash = (SELECT prev_hash FROM a), hash = (SELECT hash FROM a) WHERE seq = 5;`,
    );
    const result = await verify(dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /BROKEN at seq 4:/);
  });

  it('names the seq of a forged appended record, even one hashed with plain SHA-256', async () => {
    const dir = fresh();
    const db = new Database(databaseFile(dir));
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    const body = { seq: last.seq + 1, time: '2024-05-03T12:00:00.000Z', actor: { type: 'user', id: 'qa.anna' }, action: 'proposal.approved', subject: { type: 'proposal', id: 'P-FORGED' } };
    // The forger knows the format and links to the real head, but not the installation's audit key.
    const hash = sha256(hashInput({ ...body, prevHash: last.hash } as never));
    db.prepare('INSERT INTO audit_log (seq, time, actor_id, action, subject_type, subject_id, record, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(body.seq, body.time, 'qa.anna', body.action, 'proposal', 'P-FORGED', JSON.stringify(body), last.hash, hash);
    db.close();
    const result = await verify(dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`BROKEN at seq ${body.seq}:`));
  });

  describe('a writer killed with SIGKILL mid-write', () => {
    let dir: string;
    before(async () => {
      const tmp = tempDir();
      dirs.push(tmp);
      dir = tmp.dir;
      for (let round = 0; round < 3; round++) {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test', 'support', 'audit-writer.ts'), dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
        await new Promise((r) => setTimeout(r, 50 + round * 40));
        child.kill('SIGKILL');
        await new Promise((r) => child.once('close', r));
      }
    });

    it('leaves a chain that verifies', async () => {
      const result = await verify(dir);
      assert.equal(result.code, 0, result.stderr);
      const count = Number(/intact: (\d+) records/.exec(result.stdout)?.[1]);
      assert.ok(count > 150, `expected the writers to have appended records, got ${count}`);
    });
  });
});
