// Clock port: the domain never reads the time itself, so tests and replays control it.
export interface Clock {
  /** Current time as epoch milliseconds. */
  now(): number;
  /** Current time as an ISO 8601 UTC string. */
  iso(): string;
}
