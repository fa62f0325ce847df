// `qloop serve` (what `npm start` runs): starts the product and stops it cleanly on SIGTERM/SIGINT.
import type { Command } from 'commander';
import { loadConfig } from '../config';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the qloop server (HTTP, socket.io, watcher) with the configured plant')
    .option('--port <port>', 'port to listen on (overrides QLOOP_PORT)')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig({ overrides: opts.port !== undefined ? { port: opts.port } : {} });
      // Loaded on demand: the other commands need none of the server's modules.
      const { startQloop } = await import('../main');
      const instance = await startQloop(config);
      if (instance.demoUsers.length) {
        const rows = instance.demoUsers.map((u) => `    ${u.username.padEnd(12)} ${u.password.padEnd(20)} ${u.role}${u.lines.length === 1 ? ` (${u.lines[0]})` : ''}`);
        process.stdout.write(
          `\n  *** DEMO MODE: simulated LIMS and MES, demo users with published passwords. Not for GxP use. ***\n` +
            `  Demo users:\n${rows.join('\n')}\n\n  Terminal page: ${instance.url}/\n\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          instance.logger.info({ signal }, 'stop requested');
          void instance.close().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
