// Polling a pull-only LIMS: pages after a cursor (time + id); each page commits with its cursor,
// so a restart, or a failure between pages, resumes exactly there without losing or repeating.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { SqliteAuditLog } from '../../server/adapters/audit/sqlite-audit-log';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import type { TestResult } from '../../server/domain/types';
import type { ResultCursor } from '../../server/ports/lims';
import { loadPlant, DEMO_PLANT_FILE } from '../../server/plant/load';
import { openDatabase, type Db } from '../../server/store/database';
import { LimsInbox } from '../../server/watcher/lims-inbox';
import { LimsPoller } from '../../server/watcher/lims-poller';
import { InProcessLims } from '../../simulators/in-process/lims';
import { tempDir } from '../support/temp';

const plant = loadPlant(DEMO_PLANT_FILE);
const hash = (text: string) => `h${text.length}`;

describe('LIMS poller', () => {
  const tmp = tempDir();
  const clock = new ManualClock(Date.parse(plant.asOf) + 60_000);
  const lims = new InProcessLims(plant, clock);
  let db: Db;
  let wakes = 0;
  const open = () => {
    db = openDatabase(tmp.dir);
    const inbox = new LimsInbox(db, new SqliteAuditLog(db, clock, hash), clock, () => (wakes += 1));
    return { inbox, poller: new LimsPoller(lims, inbox, pino({ level: 'silent' }), { intervalMs: 60_000, pageSize: 2, startAt: plant.asOf }) };
  };
  const record = (n: number) => {
    const result: TestResult = { id: `R-POLL-${n}`, sampleId: 'BATCH-2024-001-05', lotId: 'LOT-XYZ789', test: 'PH', value: (7 + n / 100).toFixed(2), numeric: 7 + n / 100, unit: '', status: 'final', finalizedAt: new Date(clock.now()).toISOString() };
    lims.recordResult(result);
    clock.advance(1000);
  };
  const inboxIds = () => db.prepare('SELECT result_id FROM lims_inbox ORDER BY seq').pluck().all() as string[];

  before(() => {
    for (let n = 1; n <= 5; n++) record(n);
  });
  after(() => {
    db?.close();
    tmp.remove();
  });

  it('takes every new result page by page, oldest first, and nothing from before the plant record', async () => {
    const { poller } = open();
    assert.equal(await poller.pollOnce(), 5);
    assert.deepEqual(inboxIds(), ['R-POLL-1', 'R-POLL-2', 'R-POLL-3', 'R-POLL-4', 'R-POLL-5']);
    assert.equal(await poller.pollOnce(), 0);
    assert.ok(wakes > 0, 'the evaluation worker was woken');
    assert.equal(poller.cursor().afterId, 'R-POLL-5');
  });

  it('resumes from the stored cursor after a restart', async () => {
    db.close();
    const { poller } = open();
    assert.equal(poller.cursor().afterId, 'R-POLL-5');
    assert.equal(await poller.pollOnce(), 0);
    record(6);
    assert.equal(await poller.pollOnce(), 1);
    assert.deepEqual(inboxIds().slice(-1), ['R-POLL-6']);
  });

  it('a failure between pages loses and repeats nothing', async () => {
    for (let n = 7; n <= 11; n++) record(n);
    const before = inboxIds().length;
    db.close();
    db = openDatabase(tmp.dir);
    const inbox = new LimsInbox(db, new SqliteAuditLog(db, clock, hash), clock, () => (wakes += 1));
    let calls = 0;
    const flaky = Object.assign(Object.create(lims) as InProcessLims, {
      listFinalizedResults: (cursor: ResultCursor, limit?: number) => (calls++ === 1 ? Promise.reject(new Error('LIMS timeout on page 2')) : lims.listFinalizedResults(cursor, limit)),
    });
    const poller = new LimsPoller(flaky, inbox, pino({ level: 'silent' }), { intervalMs: 60_000, pageSize: 2, startAt: plant.asOf });
    await assert.rejects(poller.pollOnce(), /timeout on page 2/);
    assert.equal(inboxIds().length, before + 2, 'the first page is committed with its cursor');
    assert.equal(await poller.pollOnce(), 3);
    const ids = inboxIds();
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(ids.slice(-5), ['R-POLL-7', 'R-POLL-8', 'R-POLL-9', 'R-POLL-10', 'R-POLL-11']);
  });
});
