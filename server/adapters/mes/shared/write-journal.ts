// The write journal: for vendor calls that carry no idempotency key (Plex release-hold takes
// no body at all), the outbox key is written down before the call and completed after, so a
// retry whose first answer was lost is recognised as done rather than refused or repeated.
export interface JournalEntry {
  key: string;
  operation: 'hold' | 'release' | 'nonconformance';
  target: string;
  /** The hold or nonconformance the write concerns, when known before the call. */
  reference?: string;
  done: boolean;
}

export interface WriteJournal {
  get(system: string, key: string): Promise<JournalEntry | undefined>;
  intend(system: string, entry: Omit<JournalEntry, 'done'>): Promise<void>;
  complete(system: string, key: string, reference: string): Promise<void>;
}

export class MemoryWriteJournal implements WriteJournal {
  readonly #entries = new Map<string, JournalEntry>();

  async get(system: string, key: string): Promise<JournalEntry | undefined> {
    const entry = this.#entries.get(`${system}\u0000${key}`);
    return entry ? { ...entry } : undefined;
  }
  async intend(system: string, entry: Omit<JournalEntry, 'done'>): Promise<void> {
    const id = `${system}\u0000${entry.key}`;
    if (!this.#entries.has(id)) this.#entries.set(id, { ...entry, done: false });
  }
  async complete(system: string, key: string, reference: string): Promise<void> {
    const entry = this.#entries.get(`${system}\u0000${key}`);
    if (entry) Object.assign(entry, { reference, done: true });
  }
}
