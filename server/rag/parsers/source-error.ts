// The one failure a parser reports: a file that cannot be ingested, with a reason an
// operator can act on (the run goes on with the other files).
export class SourceError extends Error {
  override readonly name = 'SourceError';
}
