// Contract every AuditLog implementation passes: append-only chain, queries, verification.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENESIS_HASH } from '../../server/domain/audit';
import type { AuditLog } from '../../server/ports/audit-log';

export function auditLogContract(name: string, make: () => { log: AuditLog; close(): void }): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('chains records from the genesis hash with consecutive seq numbers', async () => {
      const { log, close } = make();
      const a = await log.append({ actor: { type: 'user', id: 'qa.anna', role: 'qa' }, action: 'proposal.approved', subject: { type: 'proposal', id: 'P-1' }, reason: 'confirmed OOS' });
      const b = await log.append({ actor: { type: 'component', id: 'outbox' }, action: 'mes.hold.placed', subject: { type: 'lot', id: 'LOT-XYZ789' }, before: { disposition: 'In-Process' }, after: { disposition: 'Restricted' } });
      assert.equal(a.seq, 1);
      assert.equal(b.seq, 2);
      assert.equal(a.prevHash, GENESIS_HASH);
      assert.equal(b.prevHash, a.hash);
      assert.match(b.hash, /^[0-9a-f]{64}$/);
      assert.notEqual(a.hash, b.hash);
      assert.deepEqual(await log.verify(), { ok: true, count: 2 });
      close();
    });

    it('keeps AI steps with model, prompt version, tool calls and sources', async () => {
      const { log, close } = make();
      await log.append({
        actor: { type: 'ai', id: 'copilot' },
        action: 'copilot.answered',
        subject: { type: 'conversation', id: 'C-1' },
        ai: { model: 'deterministic', promptVersion: 'copilot-system@1:abc123', inputs: { question: 'pH of LOT-XYZ789?' }, toolCalls: [{ name: 'lims_results', args: { lot: 'LOT-XYZ789' }, result: { value: 9.8 } }], sources: [{ docId: 'SOP-QC-001', page: 2 }], output: 'pH 9.8 is OOS' },
      });
      const [record] = await log.list({ subjectType: 'conversation' });
      assert.equal(record?.ai?.model, 'deterministic');
      assert.deepEqual(record?.ai?.sources, [{ docId: 'SOP-QC-001', page: 2 }]);
      assert.equal((await log.verify()).ok, true);
      close();
    });

    it('filters by subject, action and time', async () => {
      const { log, close } = make();
      await log.append({ actor: { type: 'user', id: 'u' }, action: 'x', subject: { type: 'lot', id: 'L1' } });
      await log.append({ actor: { type: 'user', id: 'u' }, action: 'y', subject: { type: 'lot', id: 'L2' } });
      await log.append({ actor: { type: 'user', id: 'u' }, action: 'y', subject: { type: 'result', id: 'R1' } });
      assert.deepEqual((await log.list({ subjectType: 'lot', subjectId: 'L2' })).map((r) => r.seq), [2]);
      assert.deepEqual((await log.list({ action: 'y' })).map((r) => r.seq), [2, 3]);
      assert.deepEqual((await log.list({ subjectType: 'lot' })).map((r) => r.seq), [1, 2]);
      assert.equal((await log.list({ from: '2999-01-01T00:00:00.000Z' })).length, 0);
      assert.equal((await log.list({ limit: 2 })).length, 2);
      close();
    });

    it('returns copies: changing a returned record does not change the trail', async () => {
      const { log, close } = make();
      const record = await log.append({ actor: { type: 'user', id: 'u' }, action: 'x', subject: { type: 'lot', id: 'L1' }, after: { n: 1 } });
      (record.after as { n: number }).n = 2;
      const [stored] = await log.list();
      assert.deepEqual(stored?.after, { n: 1 });
      assert.equal((await log.verify()).ok, true);
      close();
    });
  });
}
