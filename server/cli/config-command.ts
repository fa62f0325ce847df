// `qloop config`: the effective configuration (secrets redacted), or `--docs` for the
// reference table that docs/configuration.md carries.
import type { Command } from 'commander';
import { CONFIG_KEYS, loadConfig } from '../config';

// Keys whose values are credentials: secrets, API keys, passwords, and URLs that carry them
// (SMTP credentials, Teams/Slack webhook tokens).
const SECRET_KEY = /(secret|key|password|token)$|^smtpUrl$|WebhookUrl$/i;

export function configTable(): string {
  const rows = Object.entries(CONFIG_KEYS).map(([name, spec]) => {
    const dflt = JSON.stringify(spec.default);
    return `| \`${spec.env}\` | \`${name}\` | \`${dflt === '""' ? '(empty)' : dflt}\` | ${spec.doc} |`;
  });
  return ['| variable | file key | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('print the effective configuration (secrets redacted), or the reference table')
    .option('--docs', 'print the Markdown reference table of every key')
    .action((opts: { docs?: boolean }) => {
      if (opts.docs) return void process.stdout.write(`${configTable()}\n`);
      const config = loadConfig();
      const shown = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, SECRET_KEY.test(k) && v ? '(set)' : v]));
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    });
}
