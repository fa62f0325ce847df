// An evaluation that could not run: its input (golden set, question set, document sources, a
// filter that selects nothing) is missing, unreadable or unusable. `qloop eval` exits 2 with the
// message, not 1 (that is a run below its bars) and never with a stack trace.
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}
