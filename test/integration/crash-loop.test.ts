// Crash test (issue 5 acceptance): the server is killed with SIGKILL at random moments during a
// 5,000-result stream with approvals in flight, and restarted each time. Afterwards every
// accepted result has exactly one evaluation, every approved action reached the MES exactly
// once, and the audit chain verifies.
//
// The MES: the in-process MES lives inside the server process, so a SIGKILL would wipe its state
// and hide a double write. Here it gets a write journal (append + fsync before it answers, replayed
// at start), which is what a real MES's own database gives: its state survives qloop's crash, and
// the journal shows every write the MES applied. Run with QLOOP_CRASH_CHILD=1, this file is that
// server process.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { loadConfig } from '../../server/config';
import { startQloop } from '../../server/main';
import { DEMO_PLANT_FILE, loadPlant } from '../../server/plant/load';
import type { HoldRequest, MesAdapter, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../server/ports/mes';
import { InProcessMes } from '../../simulators/in-process/mes';
import { runQloop } from '../support/cli';
import { tempDir } from '../support/temp';
import { lotIds, plantWithExtraLots, writePlant, type ExtraLots } from '../unit/watcher/plant-fixture';

const THIS_FILE = fileURLToPath(import.meta.url);
const EXTRA: ExtraLots = { count: 150, stem: 'CR', productId: 'PRD-PARA-SUS', lineId: 'LINE-3' };
const RESULTS = 5000;
const KILLS = 7;

interface JournalLine {
  op: 'placeHold' | 'releaseHold' | 'draftNonconformance';
  request: HoldRequest | ReleaseRequest | NonconformanceDraft;
  status: MesWriteResult['status'];
}

/** The in-process MES with a durable write journal: written (fsync) before it answers, replayed at start. */
async function journaledMes(inner: InProcessMes, file: string): Promise<MesAdapter> {
  if (fs.existsSync(file)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalLine);
    for (const line of lines.filter((l) => l.status === 'applied')) await apply(inner, line.op, line.request);
  }
  const fd = fs.openSync(file, 'a');
  const write = async (op: JournalLine['op'], request: JournalLine['request']): Promise<MesWriteResult> => {
    const result = await apply(inner, op, request);
    fs.writeSync(fd, `${JSON.stringify({ op, request, status: result.status } satisfies JournalLine)}\n`);
    fs.fsyncSync(fd);
    return result;
  };
  return {
    name: inner.name,
    capabilities: () => inner.capabilities(),
    listLines: () => inner.listLines(),
    getLotContext: (id) => inner.getLotContext(id),
    getWorkOrder: (id) => inner.getWorkOrder(id),
    getRunningWorkOrders: (id) => inner.getRunningWorkOrders(id),
    getEquipment: (id) => inner.getEquipment(id),
    listEquipment: (id) => inner.listEquipment(id),
    getProcessParameters: (id) => inner.getProcessParameters(id),
    placeHold: (request) => write('placeHold', request),
    releaseHold: (request) => write('releaseHold', request),
    draftNonconformance: (request) => write('draftNonconformance', request),
  };
}

function apply(mes: InProcessMes, op: JournalLine['op'], request: JournalLine['request']): Promise<MesWriteResult> {
  if (op === 'placeHold') return mes.placeHold(request as HoldRequest);
  if (op === 'releaseHold') return mes.releaseHold(request as ReleaseRequest);
  return mes.draftNonconformance(request as NonconformanceDraft);
}

async function runChild(): Promise<void> {
  const config = loadConfig();
  const inner = new InProcessMes(loadPlant(config.plant), new SystemClock());
  fs.mkdirSync(config.dataDir, { recursive: true });
  const journal = path.join(config.dataDir, 'mes-journal.jsonl');
  const server = await startQloop(config, { logger: pino({ level: 'silent' }), mes: await journaledMes(inner, journal) });
  process.stdout.write(`READY ${server.url}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

if (process.env.QLOOP_CRASH_CHILD === '1') {
  await runChild();
} else {
  describe('crash test: SIGKILL during a 5,000-result stream with approvals in flight', { timeout: 600_000 }, () => {
    const tmp = tempDir('qloop-crash-');
    const lots = lotIds(EXTRA);
    let port = 0;
    let child: ChildProcess | undefined;
    let url = '';
    let env: Record<string, string> = {};

    const start = () =>
      new Promise<void>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', THIS_FILE], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        child = proc;
        let out = '';
        const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
        proc.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ready = /READY (\S+)/.exec(out);
          if (ready) {
            clearTimeout(timer);
            url = ready[1] as string;
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          if (!url) reject(new Error(`the server exited with ${code} before it was ready`));
        });
      });
    const stop = (signal: NodeJS.Signals) =>
      new Promise<void>((resolve) => {
        const proc = child;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });

    before(async () => {
      port = await freePort();
      const plantFile = writePlant(tmp.dir, plantWithExtraLots(loadPlant(DEMO_PLANT_FILE), EXTRA));
      const dataDir = path.join(tmp.dir, 'data');
      env = {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', QLOOP_CRASH_CHILD: '1', QLOOP_DATA_DIR: dataDir, QLOOP_PORT: String(port), QLOOP_HOST: '127.0.0.1',
        QLOOP_PLANT: plantFile, QLOOP_LOG_LEVEL: 'silent', QLOOP_STARTUP_DOCUMENTS: 'none', QLOOP_LIMS_POLL_MS: '0', QLOOP_OUTBOX_RETRY_MS: '50', QLOOP_OUTBOX_MAX_ATTEMPTS: '50', QLOOP_SHUTDOWN_GRACE_MS: '2000',
      };
      await start();
    });
    after(async () => {
      await stop('SIGKILL');
      tmp.remove();
    });

    it('evaluates each accepted result once, reaches the MES once per approved action, and keeps the audit chain intact', async () => {
      const base = `http://127.0.0.1:${port}`;
      const stream = Array.from({ length: RESULTS }, (_, i) => streamResult(i, lots));
      const batches: (typeof stream)[] = [];
      for (let i = 0; i < stream.length; i += 10) batches.push(stream.slice(i, i + 10));
      let posted = 0;
      let streamDone = false;
      const approved = new Set<string>();
      let approvalsSent = 0;

      const producer = async () => {
        for (;;) {
          const batch = batches.shift();
          if (!batch) return;
          for (;;) {
            const res = await fetch(`${base}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) }).catch(() => undefined);
            if (res && (res.status === 202 || res.status === 207)) break;
            await pause(50); // the LIMS redelivers until it gets its 202
          }
          posted += batch.length;
        }
      };
      const approver = async () => {
        let token = '';
        while (!streamDone || approvalsSent === 0) {
          try {
            token ||= ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'qa.anna', password: 'Quality-Demo-1' }) })).json()) as { token: string }).token;
            const list = (await (await fetch(`${base}/api/proposals?status=proposed&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { proposals: Array<{ id: string; kind: string }> };
            for (const p of list.proposals.filter((x) => x.kind === 'hold' || x.kind === 'deviation')) {
              approvalsSent += 1;
              const res = await fetch(`${base}/api/proposals/${p.id}/decision`, {
                method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ decision: 'approve', signature: { username: 'qa.anna', password: 'Quality-Demo-1', meaning: p.kind === 'hold' ? 'Approve hold' : 'Approve deviation draft', reason: 'Confirmed OOS in the crash test stream.' } }),
              });
              if (res.ok) approved.add(p.id);
            }
          } catch {
            // the server is down: try again when it is back
          }
          await pause(40);
        }
      };
      const killer = async () => {
        for (let k = 0; k < KILLS; k++) {
          await pause(300 + Math.floor(Math.random() * 1500));
          await stop('SIGKILL');
          mark(`kill ${k + 1}`);
          url = '';
          await start();
          mark(`restart ${k + 1}`);
        }
      };

      const t0 = Date.now();
      const mark = (what: string) => process.env.QLOOP_CRASH_TRACE && process.stderr.write(`[crash] ${what} at ${Date.now() - t0} ms, posted ${posted}\n`);
      const producers = Promise.all([producer(), producer(), producer(), producer()]);
      const qa = approver();
      await killer();
      await producers;
      mark('stream posted');
      streamDone = true;
      await qa;
      mark('approvals done');
      assert.equal(posted, RESULTS);

      // Let the last incarnation finish: nothing waiting in the inbox, nothing left in the outbox.
      const db = new Database(path.join(env.QLOOP_DATA_DIR as string, 'qloop.db'), { readonly: true });
      for (let i = 0; i < 600; i++) {
        const waiting = db.prepare(`SELECT (SELECT COUNT(*) FROM lims_inbox WHERE state = 'received') + (SELECT COUNT(*) FROM outbox WHERE state = 'pending')`).pluck().get() as number;
        if (waiting === 0) break;
        await pause(100);
      }
      mark('quiet');
      await stop('SIGTERM');

      const inbox = db.prepare('SELECT result_id FROM lims_inbox').pluck().all() as string[];
      assert.equal(inbox.length, RESULTS, 'every delivered result is in the inbox once');
      assert.deepEqual(new Set(inbox), new Set(stream.map((r) => r.result_id)));
      assert.equal(db.prepare(`SELECT COUNT(*) FROM lims_inbox WHERE state <> 'evaluated'`).pluck().get(), 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM evaluations').pluck().get(), RESULTS, 'one evaluation per accepted result');
      assert.equal(db.prepare('SELECT COUNT(DISTINCT result_id) FROM evaluations').pluck().get(), RESULTS);
      const auditedTwice = db.prepare(`SELECT subject_id FROM audit_log WHERE action IN ('result.evaluated', 'result.received') GROUP BY action, subject_id HAVING COUNT(*) > 1`).pluck().all();
      assert.deepEqual(auditedTwice, [], 'each result is received and evaluated once in the audit trail');
      assert.equal(db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'system.started'`).pluck().get(), KILLS + 1, 'the server really was restarted after each kill');

      const decided = db.prepare(`SELECT n, kind, status FROM proposals WHERE status NOT IN ('proposed', 'rejected', 'expired', 'superseded')`).all() as Array<{ n: number; kind: string; status: string }>;
      assert.ok(decided.length >= 10, `approvals happened during the stream (${decided.length})`);
      for (const id of approved) assert.ok(decided.some((p) => `P-${p.n}` === id), `${id} was approved`);
      assert.deepEqual(decided.filter((p) => p.status !== 'executed'), [], 'every approved action was executed');
      const journal = fs.readFileSync(path.join(env.QLOOP_DATA_DIR as string, 'mes-journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalLine);
      const applied = new Map<string, number>();
      for (const line of journal.filter((l) => l.status === 'applied')) applied.set(line.request.idempotencyKey, (applied.get(line.request.idempotencyKey) ?? 0) + 1);
      for (const p of decided) assert.equal(applied.get(`qloop:P-${p.n}:${p.kind}`), 1, `P-${p.n} (${p.kind}) reached the MES exactly once`);
      assert.equal([...applied.values()].reduce((a, b) => a + b, 0), decided.length, 'and nothing else was written to the MES');
      const holds = new Map<string, number>();
      for (const line of journal.filter((l) => l.op === 'placeHold' && l.status === 'applied')) holds.set(line.request.lotId, (holds.get(line.request.lotId) ?? 0) + 1);
      assert.deepEqual([...holds].filter(([, count]) => count > 1), [], 'no lot was held twice');
      db.close();

      const verify = await runQloop(['audit', 'verify'], { env: { QLOOP_DATA_DIR: env.QLOOP_DATA_DIR as string } });
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });
  });
}

/** Result i of the stream: pH on the crash-test lots, in spec, with an OOS every 40th result on a fresh lot. */
function streamResult(i: number, lots: string[]) {
  const oos = i % 40 === 17;
  const lot = oos ? (lots[Math.floor(i / 40) % lots.length] as string) : (lots[i % lots.length] as string);
  const value = oos ? 9.2 + (i % 5) / 10 : Math.round((6.85 + ((i * 7) % 30) / 100) * 100) / 100;
  return { sample_id: lot.replace(/^LOT-/, 'S-'), test_name: 'pH', result: value, material_lot: lot, result_id: `R-CR-${String(i).padStart(5, '0')}`, unit: '', status: 'final', finalized_at: new Date(Date.parse('2024-05-03T10:00:00Z') + i * 1000).toISOString() };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
