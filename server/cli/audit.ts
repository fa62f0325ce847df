// `qloop audit verify` and `qloop audit export`: the inspector's view of the trail.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { AuditRecord } from '../domain/audit';
import { QloopError } from '../errors';
import type { AuditQuery } from '../ports/audit-log';
import { withCliContext } from './context';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify and export the tamper-evident audit trail');

  audit
    .command('verify')
    .description('check the hash chain; exit 0 when intact, 1 naming the first bad seq')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (opts: { dataDir?: string }) =>
      withCliContext(opts, async ({ audit: log }) => {
        const report = await log.verify();
        if (report.ok) {
          process.stdout.write(`audit trail intact: ${report.count} records verified\n`);
        } else {
          process.stderr.write(`audit trail BROKEN at seq ${report.firstBadSeq}: ${report.problem} (${report.count} records verified before it)\n`);
          process.exitCode = 1;
        }
      }),
    );

  audit
    .command('export')
    .description('write audit records as JSON lines or CSV, filtered by time and subject')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--from <time>', 'ISO time: records at or after it')
    .option('--to <time>', 'ISO time: records at or before it')
    .option('--subject <type:id>', 'only records about this subject, e.g. lot:LOT-XYZ789 (or just a type: lot)')
    .option('--action <action>', 'only records of this action, e.g. proposal.approved')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (opts: { format: string; from?: string; to?: string; subject?: string; action?: string; out?: string; dataDir?: string }) =>
      withCliContext(opts, async ({ audit: log }) => {
        if (opts.format !== 'jsonl' && opts.format !== 'csv') throw new QloopError('VALIDATION', `--format must be jsonl or csv, not "${opts.format}"`);
        const query: AuditQuery = {};
        for (const [name, value] of [['from', opts.from], ['to', opts.to]] as const) {
          if (value === undefined) continue;
          if (Number.isNaN(Date.parse(value))) throw new QloopError('VALIDATION', `--${name} is not an ISO time: "${value}"`);
          query[name] = new Date(value).toISOString();
        }
        if (opts.subject) {
          const [type, ...rest] = opts.subject.split(':');
          query.subjectType = type;
          if (rest.length) query.subjectId = rest.join(':');
        }
        if (opts.action) query.action = opts.action;
        const records = await log.list(query);
        const text = opts.format === 'csv' ? toCsv(records) : records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
        if (opts.out) fs.writeFileSync(opts.out, text);
        else process.stdout.write(text);
        if (opts.out) process.stderr.write(`${records.length} records written to ${opts.out}\n`);
      }),
    );
}

const CSV_COLUMNS = ['seq', 'time', 'actor_type', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'reason', 'before', 'after', 'ai_model', 'ai_prompt_version', 'ai', 'prev_hash', 'hash'] as const;

export function toCsv(records: AuditRecord[]): string {
  const rows = records.map((r) => [
    r.seq, r.time, r.actor.type, r.actor.id, r.actor.role ?? '', r.action, r.subject.type, r.subject.id, r.reason ?? '',
    json(r.before), json(r.after), r.ai?.model ?? '', r.ai?.promptVersion ?? '', json(r.ai), r.prevHash, r.hash,
  ]);
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
