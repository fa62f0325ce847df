#!/usr/bin/env node
// qloop command line entry: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv);
