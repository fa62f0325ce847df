// Questions on their way to the copilot. Asked while the connection is down they wait in
// order (shown as queued) and go out when it is back; each ack ties the question to its
// answer bubble and keeps the conversation going.
import type { CopilotConnection } from './connection';
import type { ConversationView } from './conversation';

interface Pending {
  text: string;
  bubble: HTMLElement;
}

export class QuestionQueue {
  conversationId: string | undefined;
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly conversation: ConversationView,
    private readonly connection: () => CopilotConnection | undefined,
    private readonly report: (message: string) => void,
  ) {}

  reset(): void {
    this.pending = [];
    this.conversationId = undefined;
  }

  submit(text: string, online: boolean): void {
    const bubble = this.conversation.addUser(text, !online || this.pending.length > 0);
    this.pending.push({ text, bubble });
    if (online) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length) {
        const connection = this.connection();
        if (!connection?.connected) return;
        const next = this.pending[0]!;
        const reply = await connection.ask(next.text, this.conversationId);
        if (!reply.ok && reply.error.code === 'UNAVAILABLE' && !connection.connected) return; // dropped again: keep it queued
        this.pending.shift();
        this.conversation.markSent(next.bubble);
        if (!reply.ok) {
          this.report(reply.error.message);
          continue;
        }
        this.conversationId = reply.conversationId;
        this.conversation.expect(reply.messageId);
      }
    } finally {
      this.flushing = false;
    }
  }
}
