// Copilot conversations per user and terminal, with their messages (the bounded window the
// agent reads back). The audit trail, not this table, is the record of what the copilot said.
import type { Migration } from './index';

export const m030CopilotConversations: Migration = {
  version: 30,
  name: 'copilot-conversations',
  up(db) {
    db.exec(`
      CREATE TABLE copilot_conversations (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        terminal TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX copilot_conversations_owner ON copilot_conversations (username, terminal, updated_at);
      CREATE TABLE copilot_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES copilot_conversations (id),
        message_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        text TEXT NOT NULL,
        citations TEXT,
        tool_calls TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX copilot_messages_conversation ON copilot_messages (conversation_id, seq);
    `);
  },
};
