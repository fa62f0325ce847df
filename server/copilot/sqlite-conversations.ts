// SqliteConversationStore: conversations and messages in the qloop database (migrations 030, 031).
import type { Db } from '../store/database';
import { MAX_STORED_MESSAGES, type ConversationRef, type ConversationStore, type StoredMessage } from './conversations';

interface ConversationRow {
  id: string;
  username: string;
  terminal: string;
  created_at: string;
  updated_at: string;
}

interface MessageRow {
  message_id: string;
  role: StoredMessage['role'];
  text: string;
  citations: string | null;
  tool_calls: string | null;
  chart: string | null;
  at: string;
}

const toRef = (row: ConversationRow): ConversationRef => ({ id: row.id, username: row.username, terminal: row.terminal, createdAt: row.created_at, updatedAt: row.updated_at });

export class SqliteConversationStore implements ConversationStore {
  readonly #insertConversation;
  readonly #findConversation;
  readonly #latestConversation;
  readonly #insertMessage;
  readonly #touch;
  readonly #prune;
  readonly #recent;

  constructor(private readonly db: Db) {
    this.#insertConversation = db.prepare('INSERT INTO copilot_conversations (id, username, terminal, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.#findConversation = db.prepare<[string], ConversationRow>('SELECT * FROM copilot_conversations WHERE id = ?');
    this.#latestConversation = db.prepare<[string, string], ConversationRow>('SELECT * FROM copilot_conversations WHERE username = ? AND terminal = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1');
    this.#insertMessage = db.prepare('INSERT INTO copilot_messages (conversation_id, message_id, role, text, citations, tool_calls, chart, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.#touch = db.prepare('UPDATE copilot_conversations SET updated_at = ? WHERE id = ?');
    this.#prune = db.prepare('DELETE FROM copilot_messages WHERE conversation_id = ? AND seq <= (SELECT seq FROM copilot_messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)');
    this.#recent = db.prepare<[string, number], MessageRow>('SELECT * FROM (SELECT seq, message_id, role, text, citations, tool_calls, chart, at FROM copilot_messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq ASC');
  }

  create(username: string, terminal: string, at: string, id: string): ConversationRef {
    this.#insertConversation.run(id, username, terminal, at, at);
    return { id, username, terminal, createdAt: at, updatedAt: at };
  }

  find(id: string): ConversationRef | undefined {
    const row = this.#findConversation.get(id);
    return row ? toRef(row) : undefined;
  }

  latest(username: string, terminal: string): ConversationRef | undefined {
    const row = this.#latestConversation.get(username, terminal);
    return row ? toRef(row) : undefined;
  }

  append(conversationId: string, message: StoredMessage): void {
    this.db.transaction(() => {
      this.#insertMessage.run(conversationId, message.messageId, message.role, message.text, message.citations ? JSON.stringify(message.citations) : null, message.toolCalls ? JSON.stringify(message.toolCalls) : null, message.chart ? JSON.stringify(message.chart) : null, message.at);
      this.#touch.run(message.at, conversationId);
      this.#prune.run(conversationId, conversationId, MAX_STORED_MESSAGES);
    })();
  }

  recent(conversationId: string, limit: number): StoredMessage[] {
    return this.#recent.all(conversationId, limit).map((row) => ({
      messageId: row.message_id,
      role: row.role,
      text: row.text,
      at: row.at,
      ...(row.citations ? { citations: JSON.parse(row.citations) as StoredMessage['citations'] } : {}),
      ...(row.tool_calls ? { toolCalls: JSON.parse(row.tool_calls) as StoredMessage['toolCalls'] } : {}),
      ...(row.chart ? { chart: JSON.parse(row.chart) as StoredMessage['chart'] } : {}),
    }));
  }
}
