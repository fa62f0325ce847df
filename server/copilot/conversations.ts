// Conversation memory per user and terminal: the agent reads back a bounded window of it, the
// widget shows it (`history`). Two stores: SQLite for the server, memory for eval and bench.
import type { ConversationMessage, ToolCallSummary } from '../realtime/contract';

export interface ConversationRef {
  id: string;
  username: string;
  terminal: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMessage extends ConversationMessage {
  toolCalls?: ToolCallSummary[];
}

export interface ConversationStore {
  create(username: string, terminal: string, at: string, id: string): ConversationRef;
  find(id: string): ConversationRef | undefined;
  /** The user's most recently used conversation on that terminal. */
  latest(username: string, terminal: string): ConversationRef | undefined;
  append(conversationId: string, message: StoredMessage): void;
  /** The newest `limit` messages, oldest first. */
  recent(conversationId: string, limit: number): StoredMessage[];
}

/** Messages kept per conversation; older ones drop out (the audit trail keeps every answer). */
export const MAX_STORED_MESSAGES = 200;

export class MemoryConversationStore implements ConversationStore {
  readonly #conversations = new Map<string, ConversationRef>();
  readonly #messages = new Map<string, StoredMessage[]>();

  create(username: string, terminal: string, at: string, id: string): ConversationRef {
    const ref = { id, username, terminal, createdAt: at, updatedAt: at };
    this.#conversations.set(id, ref);
    this.#messages.set(id, []);
    return { ...ref };
  }

  find(id: string): ConversationRef | undefined {
    const ref = this.#conversations.get(id);
    return ref ? { ...ref } : undefined;
  }

  latest(username: string, terminal: string): ConversationRef | undefined {
    let best: ConversationRef | undefined;
    for (const ref of this.#conversations.values()) {
      if (ref.username === username && ref.terminal === terminal && (!best || ref.updatedAt >= best.updatedAt)) best = ref;
    }
    return best ? { ...best } : undefined;
  }

  append(conversationId: string, message: StoredMessage): void {
    const ref = this.#conversations.get(conversationId);
    const list = this.#messages.get(conversationId);
    if (!ref || !list) throw new Error(`no conversation ${conversationId}`);
    list.push(structuredClone(message));
    if (list.length > MAX_STORED_MESSAGES) list.splice(0, list.length - MAX_STORED_MESSAGES);
    ref.updatedAt = message.at;
  }

  recent(conversationId: string, limit: number): StoredMessage[] {
    return structuredClone((this.#messages.get(conversationId) ?? []).slice(-limit));
  }
}

