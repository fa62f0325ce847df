// The `qloop` command line: serve, audit, users (and the quality and document commands).
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { QloopError } from '../errors';
import { VERSION } from '../version';
import { registerAuditCommands } from './audit';
import { registerConfigCommand } from './config-command';
import { registerEvalCommand } from './eval';
import { registerIngestCommand } from './ingest';
import { openCliContext } from './context';
import { openDocumentIndex } from '../rag/open';
import { registerServeCommand } from './serve';
import { registerSpcCommand } from './spc';
import { registerUsersCommands } from './users';

export function buildProgram(): Command {
  const program = new Command('qloop')
    .description('qloop: lab results to the production floor, with a copilot, Part 11 decisions and an audit trail')
    .version(VERSION)
    .showHelpAfterError();
  registerServeCommand(program);
  registerAuditCommands(program);
  registerUsersCommands(program);
  registerConfigCommand(program);
  registerSpcCommand(program);
  registerEvalCommand(program);
  registerIngestCommand(program, {
    openIndex: (opts) => {
      const ctx = openCliContext(opts);
      return { index: openDocumentIndex(ctx.config, ctx.db), audit: ctx.audit, close: () => ctx.close() };
    },
  });
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      process.stderr.write(`qloop: ${err.message}\n`);
      return 2;
    }
    if (err instanceof QloopError) {
      process.stderr.write(`qloop: ${err.message}\n${err.details.map((d) => `  - ${d.path ? `${d.path}: ` : ''}${d.message}\n`).join('')}`);
      return 1;
    }
    if (err instanceof Error && err.name === 'PlantDataError') {
      process.stderr.write(`qloop: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`qloop: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
