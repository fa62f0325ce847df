// The session block of the system prompt ("session: {json}"), rendered by the copilot from the
// logged-in user and the terminal: the deterministic model reads it as an LLM would.
import type { BaseMessage } from '@langchain/core/messages';

export interface Session {
  user?: string;
  role?: string;
  lines: string[];
  terminal?: string;
  line?: string;
  date?: string;
}

const SESSION_LINE = /^session:\s*(\{.*\})\s*$/m;

export function renderSession(session: Session): string {
  return `session: ${JSON.stringify(session)}`;
}

export function readSession(messages: readonly BaseMessage[]): Session {
  for (const message of messages) {
    if (message.getType() !== 'system') continue;
    const match = SESSION_LINE.exec(textOf(message));
    if (!match?.[1]) continue;
    try {
      const raw = JSON.parse(match[1]) as Partial<Session>;
      return { ...raw, lines: Array.isArray(raw.lines) ? raw.lines.filter((l): l is string => typeof l === 'string') : [] };
    } catch {
      return { lines: [] };
    }
  }
  return { lines: [] };
}

export function textOf(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part === 'string' ? part : 'text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}
