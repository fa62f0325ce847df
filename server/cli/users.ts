// `qloop users add|passwd|list|unlock`: account administration from the shell (audited as the CLI).
import os from 'node:os';
import type { Command } from 'commander';
import { Accounts } from '../auth/accounts';
import { UserStore } from '../auth/user-store';
import { ROLES, type Role } from '../domain/roles';
import { QloopError } from '../errors';
import { readStdin, withCliContext, type CliContext } from './context';

function accountsOf(ctx: CliContext): Accounts {
  return new Accounts(new UserStore(ctx.db), ctx.audit, ctx.clock, { threshold: ctx.config.lockoutThreshold, minutes: ctx.config.lockoutMinutes });
}

const cliActor = () => `cli:${os.userInfo().username}`;

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('manage user accounts and roles');

  users
    .command('add <name>')
    .description('create a user')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--password-stdin', 'read the password from standard input')
    .option('--display-name <text>', 'printed name shown with e-signatures')
    .option('--lines <ids>', 'comma-separated line ids the user works on (operators)')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (name: string, opts: { role: string; displayName?: string; lines?: string; dataDir?: string }) => {
      if (!ROLES.includes(opts.role as Role)) throw new QloopError('VALIDATION', `unknown role "${opts.role}": use one of ${ROLES.join(', ')}`);
      const password = await readStdin();
      await withCliContext(opts, async (ctx) => {
        const user = await accountsOf(ctx).add(
          { username: name, role: opts.role as Role, password, ...(opts.displayName ? { displayName: opts.displayName } : {}), ...(opts.lines ? { lines: opts.lines.split(',').map((s) => s.trim()).filter(Boolean) } : {}) },
          cliActor(),
        );
        process.stdout.write(`user ${user.username} created with role ${user.role}\n`);
      });
    });

  users
    .command('passwd <name>')
    .description("set a user's password")
    .requiredOption('--password-stdin', 'read the password from standard input')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (name: string, opts: { dataDir?: string }) => {
      const password = await readStdin();
      await withCliContext(opts, async (ctx) => {
        await accountsOf(ctx).changePassword(name, password, cliActor());
        process.stdout.write(`password of ${name} changed\n`);
      });
    });

  users
    .command('unlock <name>')
    .description('unlock an account locked after failed logins')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (name: string, opts: { dataDir?: string }) =>
      withCliContext(opts, async (ctx) => {
        await accountsOf(ctx).unlock(name, cliActor());
        process.stdout.write(`${name} unlocked\n`);
      }),
    );

  users
    .command('list')
    .description('list users with role, lines and lock state')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data folder (overrides QLOOP_DATA_DIR)')
    .action(async (opts: { json?: boolean; dataDir?: string }) =>
      withCliContext(opts, async (ctx) => {
        const list = accountsOf(ctx).list().map(({ passwordHash: _hash, ...u }) => u);
        if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        const now = ctx.clock.iso();
        for (const u of list) {
          const state = !u.active ? 'inactive' : u.lockedUntil && u.lockedUntil > now ? `locked until ${u.lockedUntil}` : 'active';
          process.stdout.write(`${u.username.padEnd(16)} ${u.role.padEnd(11)} ${(u.lines.join(',') || '-').padEnd(24)} ${state}\n`);
        }
      }),
    );
}
