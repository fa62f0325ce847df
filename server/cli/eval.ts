// `qloop eval`: --copilot (default) runs the copilot golden set; --retrieval the document
// retrieval question set (server/cli/eval-retrieval.ts). Both exit 0 when the run passes, 1 when
// it falls short of its bars, 2 when it could not run: a golden set, question set or source that
// is missing, unreadable or malformed, a filter that selects no case or question, or a command
// line commander cannot parse (an unknown option, a missing option value) (a message, no stack).
import { CommanderError, type Command } from 'commander';
import { EvalInputError } from '../copilot/eval/eval-input-error';
import { QuestionSetError } from '../rag/retrieval-eval';
import { formatRetrievalReport, retrievalShortfalls, retrievalSummaryLine, runRetrievalEval } from './eval-retrieval';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate the copilot on its golden set (default) or document retrieval on its question set')
    .option('--copilot', 'the copilot golden set (eval/golden.jsonl) against the demo plant (default)')
    .option('--retrieval', 'document retrieval: recall@5 and MRR in keyword, vector and hybrid mode')
    .option('--golden <file>', 'another golden set (JSON Lines)')
    .option('--questions <file>', 'with --retrieval: another question set (JSON Lines; default ingest/eval/retrieval-questions.jsonl)')
    .option('--sources <paths...>', 'with --retrieval: files, folders or globs to ingest instead of ../shared/corpus and sops')
    .option('--filter <prefix>', 'only cases (with --retrieval: questions) whose id or category starts with this')
    .option('--no-documents', 'run the copilot without a document index (sop_search says no documents are indexed)')
    .option('--verbose', 'print every answer with its tool calls')
    .option('--json', 'print only the JSON summary line')
    // Commander exits 1 on a usage error, which reads as "the run fell short": it could not run (2).
    // Help and version (exit 0) pass through.
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    })
    .action(async (opts: { copilot?: boolean; retrieval?: boolean; golden?: string; questions?: string; sources?: string[]; filter?: string; documents?: boolean; verbose?: boolean; json?: boolean }) => {
      if (opts.retrieval) {
        process.exitCode = await runRetrievalEvalCommand(opts);
        return;
      }
      if (opts.questions || opts.sources) {
        process.stderr.write('qloop eval: --questions and --sources go with --retrieval (the copilot golden set is --golden)\n');
        process.exitCode = 2;
        return;
      }
      // Loaded here: the copilot eval pulls in LangChain, which no other command (serve) should wait for.
      const { runCopilotEvalCommand } = await import('./eval-copilot');
      process.exitCode = await couldNotRun('qloop eval', () => runCopilotEvalCommand(opts));
    });
}

/** Runs an evaluation; an input it cannot use is exit code 2 with the message. */
async function couldNotRun(command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof EvalInputError || err instanceof QuestionSetError)) throw err;
    process.stderr.write(`${command}: ${err.message}\n`);
    return 2;
  }
}

async function runRetrievalEvalCommand(opts: { questions?: string; sources?: string[]; filter?: string; json?: boolean }): Promise<number> {
  return couldNotRun('qloop eval --retrieval', async () => {
    const run = await runRetrievalEval({ ...(opts.questions ? { questionsFile: opts.questions } : {}), ...(opts.sources?.length ? { sources: opts.sources } : {}), ...(opts.filter !== undefined ? { filter: opts.filter } : {}) });
    return retrievalOutcome(run, opts);
  });
}

function retrievalOutcome(run: Awaited<ReturnType<typeof runRetrievalEval>>, opts: { json?: boolean }): number {
  const shortfalls = retrievalShortfalls(run);
  if (!opts.json) process.stdout.write(`${formatRetrievalReport(run)}\n\n`);
  process.stdout.write(`${retrievalSummaryLine(run, shortfalls)}\n`);
  return shortfalls.length ? 1 : 0;
}
