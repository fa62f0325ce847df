// Runs the AuditLog contract against every implementation.
import { MemoryAuditLog } from '../../server/adapters/audit/memory-audit-log';
import { hmacSha256 } from '../../server/adapters/audit/sha256';
import { SqliteAuditLog } from '../../server/adapters/audit/sqlite-audit-log';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { openDatabase } from '../../server/store/database';
import { auditLogContract } from '../contracts/audit-log.contract';
import { tempDir } from '../support/temp';

auditLogContract('MemoryAuditLog', () => ({ log: new MemoryAuditLog(new ManualClock()), close: () => {} }));

auditLogContract('SqliteAuditLog', () => {
  const tmp = tempDir();
  const db = openDatabase(tmp.dir);
  return {
    log: new SqliteAuditLog(db, new ManualClock(), hmacSha256('k'.repeat(32))),
    close: () => {
      db.close();
      tmp.remove();
    },
  };
});
