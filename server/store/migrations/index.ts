// The ordered list of schema migrations. Append new ones; never edit one that has shipped.
import type Database from 'better-sqlite3';
import { m001Audit } from './001-audit';
import { m002Users } from './002-users';
import { m010Documents } from './010-documents';
import { m020Watcher } from './020-watcher';
import { m021Proposals } from './021-proposals';
import { m022WebhookReplays } from './022-webhook-replays';
import { m023EvaluationAnnulment } from './023-evaluation-annulment';
import { m024OutboxClaim } from './024-outbox-claim';
import { m030CopilotConversations } from './030-copilot-conversations';
import { m031CopilotMessageChart } from './031-copilot-message-chart';
import { m050IdMappings } from './050-id-mappings';
import { m051AdapterWriteJournal } from './051-adapter-write-journal';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m001Audit, m002Users, m010Documents, m020Watcher, m021Proposals, m022WebhookReplays, m023EvaluationAnnulment, m024OutboxClaim, m030CopilotConversations, m031CopilotMessageChart, m050IdMappings, m051AdapterWriteJournal];
