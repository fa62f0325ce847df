// `qloop eval`: --copilot (default) runs the copilot golden set; --retrieval the document
// retrieval question set (server/cli/eval-retrieval.ts).
import type { Command } from 'commander';
import { runCopilotEvalCommand } from './eval-copilot';
import { formatRetrievalReport, runRetrievalEval } from './eval-retrieval';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate the copilot on its golden set (default) or document retrieval on its question set')
    .option('--copilot', 'the copilot golden set (eval/golden.jsonl) against the demo plant (default)')
    .option('--retrieval', 'document retrieval: recall@5 and MRR in keyword, vector and hybrid mode')
    .option('--golden <file>', 'another golden set (JSON Lines)')
    .option('--filter <prefix>', 'only cases whose id or category starts with this')
    .option('--no-documents', 'run the copilot without a document index (sop_search says no documents are indexed)')
    .option('--verbose', 'print every answer with its tool calls')
    .option('--json', 'print only the JSON summary line')
    .action(async (opts: { copilot?: boolean; retrieval?: boolean; golden?: string; filter?: string; documents?: boolean; verbose?: boolean; json?: boolean }) => {
      if (opts.retrieval) {
        const run = await runRetrievalEval();
        process.stdout.write(`${formatRetrievalReport(run)}\n`);
        return;
      }
      process.exitCode = await runCopilotEvalCommand(opts);
    });
}
