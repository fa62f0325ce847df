// `qloop ingest <paths or globs...> [--prune] [--type <type>]`: loads SOPs, work instructions,
// guidance and deviation exports into the document index. A progress bar on a terminal, a
// summary at the end; the exit code is 1 when a file failed (the others are still ingested).
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { AuditLog } from '../ports/audit-log';
import type { DocumentIndex } from '../rag/document-index';
import { ingestDocuments, type IngestOptions, type IngestSummary } from '../rag/ingest';
import { DOC_TYPES, type DocType } from '../rag/types';
import { QloopError } from '../errors';

export interface IngestTarget {
  index: DocumentIndex;
  audit?: AuditLog;
  close(): void;
}

export interface IngestCommandDeps {
  /** Opens the document index of the data folder (main.ts wires config, database, embeddings, audit). */
  openIndex(opts: { dataDir?: string }): IngestTarget | Promise<IngestTarget>;
  stdout?: NodeJS.WriteStream;
}

interface IngestFlags {
  prune?: boolean;
  type?: string;
  dataDir?: string;
  json?: boolean;
}

export function registerIngestCommand(program: Command, deps: IngestCommandDeps): void {
  program
    .command('ingest')
    .description('load documents (PDF, Markdown, text, deviation JSON/CSV) into the document index; unchanged files are skipped')
    .argument('<paths...>', 'files, folders or globs, e.g. sops/ "exports/*.csv" data/plant/demo-plant.json')
    .option('--prune', 'remove documents whose source file no longer exists')
    .option('--type <type>', `type of documents that declare none: ${DOC_TYPES.join(', ')}`)
    .option('--json', 'print the summary as JSON')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (paths: string[], flags: IngestFlags) => {
      const stdout = deps.stdout ?? process.stdout;
      if (flags.type !== undefined && !(DOC_TYPES as readonly string[]).includes(flags.type)) {
        throw new QloopError('VALIDATION', `--type must be one of ${DOC_TYPES.join(', ')}, not "${flags.type}"`);
      }
      const target = await deps.openIndex({ ...(flags.dataDir ? { dataDir: flags.dataDir } : {}) });
      try {
        const summary = await runIngest(target, paths, { ...(flags.prune ? { prune: true } : {}), ...(flags.type ? { type: flags.type as DocType } : {}) }, stdout);
        stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `${formatIngestSummary(summary)}\n`);
        if (summary.failed.length) process.exitCode = 1;
      } finally {
        target.close();
      }
    });
}

/** One run with a progress bar when `stdout` is a terminal. */
export async function runIngest(target: IngestTarget, paths: string[], opts: Pick<IngestOptions, 'prune' | 'type'>, stdout: NodeJS.WriteStream): Promise<IngestSummary> {
  const bar = stdout.isTTY ? new SingleBar({ stream: stdout, format: 'ingest [{bar}] {value}/{total} files  {file}', hideCursor: true, clearOnComplete: true }) : undefined;
  let started = false;
  try {
    return await ingestDocuments(target.index, {
      ...opts,
      paths,
      ...(target.audit ? { audit: target.audit } : {}),
      onProgress: ({ done, total, file }) => {
        if (!bar) return;
        const name = file.split(/[\\/]/).pop() ?? file;
        if (!started) {
          bar.start(total, done, { file: name });
          started = true;
        } else bar.update(done, { file: name });
      },
    });
  } finally {
    if (started) bar?.stop();
  }
}

export function formatIngestSummary(s: IngestSummary): string {
  const lines = [
    `documents: ${s.documents} (${s.added.length} new, ${s.replaced.length} replaced), pages: ${s.pages}, chunks: ${s.chunks}`,
    `skipped (unchanged): ${s.skipped.length} of ${s.files} files${s.removed.length ? `, removed: ${s.removed.length} (${s.removed.join(', ')})` : ''}`,
  ];
  if (s.reembedded) lines.push(`re-embedded ${s.reembedded} chunks for the new embedding provider`);
  lines.push(`failed: ${s.failed.length}`);
  for (const f of s.failed) lines.push(`  ${f.path}: ${f.reason}`);
  return lines.join('\n');
}
