// Child process for the crash test: appends audit records as fast as it can until killed.
import { hmacSha256 } from '../../server/adapters/audit/sha256';
import { SqliteAuditLog } from '../../server/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { installationSecret } from '../../server/secrets';
import { openDatabase } from '../../server/store/database';

const dataDir = process.argv[2]!;
const db = openDatabase(dataDir);
const log = new SqliteAuditLog(db, new SystemClock(), hmacSha256(installationSecret('audit-key', '', dataDir)));
for (let i = 0; ; i++) {
  log.appendSync({ actor: { type: 'component', id: 'writer' }, action: 'test.write', subject: { type: 'result', id: `R-${i}` }, after: { i, payload: 'x'.repeat(i % 500) } });
  if (i === 50) process.stdout.write('ready\n');
}
