import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_STORED_MESSAGES, MemoryConversationStore, type ConversationStore } from '../../../server/copilot/conversations';
import { SqliteConversationStore } from '../../../server/copilot/sqlite-conversations';
import { openDatabase } from '../../../server/store/database';
import { tempDir } from '../../support/temp';

function contract(name: string, make: () => { store: ConversationStore; close(): void }) {
  describe(`${name} conversation store`, () => {
    it('keeps messages per conversation, newest window last, and finds the latest per terminal', () => {
      const { store, close } = make();
      try {
        store.create('op.line3', 'T-L3-01', '2024-05-03T10:00:00.000Z', 'c1');
        store.create('op.line3', 'T-L3-02', '2024-05-03T10:01:00.000Z', 'c2');
        for (let i = 0; i < 5; i++) store.append('c1', { messageId: `m${i}`, role: i % 2 ? 'assistant' : 'user', text: `t${i}`, at: `2024-05-03T10:0${i + 2}:00.000Z`, ...(i === 1 ? { citations: [{ docId: 'LIMS:R-1', title: 'r' }], toolCalls: [{ name: 'lims_results', args: { lot: 'LOT-1' } }], chart: { title: 'pH', points: [{ x: 'a', y: 7.1 }], center: 7, ucl: 7.3, lcl: 6.7 } } : {}) });
        assert.deepEqual(store.recent('c1', 2).map((m) => m.text), ['t3', 't4']);
        assert.deepEqual(store.recent('c1', 10)[1]?.citations, [{ docId: 'LIMS:R-1', title: 'r' }]);
        assert.equal(store.recent('c1', 10)[1]?.chart?.points[0]?.y, 7.1);
        assert.equal(store.recent('c1', 10)[0]?.chart, undefined);
        assert.equal(store.latest('op.line3', 'T-L3-01')?.id, 'c1');
        assert.equal(store.latest('op.line3', 'T-L3-01')?.updatedAt, '2024-05-03T10:06:00.000Z');
        assert.equal(store.latest('qa.anna', 'T-L3-01'), undefined);
        assert.equal(store.find('c2')?.terminal, 'T-L3-02');
      } finally {
        close();
      }
    });

    it('bounds what it keeps', () => {
      const { store, close } = make();
      try {
        store.create('u', '', '2024-05-03T10:00:00.000Z', 'c');
        for (let i = 0; i < MAX_STORED_MESSAGES + 5; i++) store.append('c', { messageId: `m${i}`, role: 'user', text: `t${i}`, at: '2024-05-03T10:00:00.000Z' });
        const all = store.recent('c', 1000);
        assert.equal(all.length, MAX_STORED_MESSAGES);
        assert.equal(all[0]?.text, 't5');
      } finally {
        close();
      }
    });
  });
}

contract('memory', () => ({ store: new MemoryConversationStore(), close: () => {} }));
contract('SQLite', () => {
  const tmp = tempDir();
  const db = openDatabase(tmp.dir);
  return { store: new SqliteConversationStore(db), close: () => (db.close(), tmp.remove()) };
});
