// <qloop-copilot>: the copilot widget an MES screen embeds with one script tag. Attributes:
// server, token, terminal, line, lang. It never renders HTML from the server: every text
// goes in through textContent (see dom.ts, markdown.ts).
import type { AlertEvent, ProposalEvent, SessionEvent } from '../../server/realtime/contract';
import { CopilotConnection, type ConnectionState } from './connection';
import { ConversationView } from './conversation';
import { WidgetFrame } from './frame';
import { FeedView } from './feed-view';
import { mayAsk } from './permissions';
import { QuestionQueue } from './question-queue';
import { SignatureDialog } from './signature-dialog';
import { STRINGS, type StringTable } from './strings';
import { widgetStyleSheet } from './styles';

const TRANSLATIONS = new Map<string, Partial<StringTable>>();

export class QloopCopilotElement extends HTMLElement {
  static observedAttributes = ['server', 'token', 'terminal', 'line', 'lang'];

  /** Adds a translation: <qloop-copilot lang="de"> then uses it (missing keys stay English). */
  static registerStrings(lang: string, table: Partial<StringTable>): void {
    TRANSLATIONS.set(lang.toLowerCase(), { ...TRANSLATIONS.get(lang.toLowerCase()), ...table });
    for (const element of document.querySelectorAll('qloop-copilot')) if (element instanceof QloopCopilotElement) element.applyStrings();
  }

  private connection: CopilotConnection | undefined;
  private session: SessionEvent | undefined;
  private state: ConnectionState = 'connecting';
  private overrides: Partial<StringTable> = {};
  private reconnectScheduled = false;
  private historyLoaded = false;
  private readonly root: ShadowRoot;
  private readonly conversation: ConversationView;
  private readonly feed: FeedView;
  private readonly dialog: SignatureDialog;
  private readonly queue: QuestionQueue;
  private readonly frame = new WidgetFrame();
  private refusal: string | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [widgetStyleSheet()];
    const linkBase = () => this.serverUrl();
    this.conversation = new ConversationView({ strings: () => this.strings, linkBase, streamingChanged: () => this.updateControls() });
    this.feed = new FeedView({
      strings: () => this.strings,
      user: () => this.session?.user,
      linkBase,
      lang: () => this.lang,
      acknowledge: async (alert, action, shelf) => {
        const reply = await this.connection!.acknowledge({ alertId: alert.id, action, ...(shelf ?? {}) });
        if (!reply.ok) return reply.error;
        this.feed.upsertAlert(reply.alert);
        return undefined;
      },
      decide: (proposal, decision, opener) => this.session && this.dialog.open(proposal, decision, this.session.user, opener),
      closed: (text, level) => this.conversation.notice(text, level),
    });
    this.dialog = new SignatureDialog({
      strings: () => this.strings,
      lang: () => this.lang,
      submit: async (payload) => {
        const reply = await this.connection!.decide(payload);
        if (reply.ok) {
          this.feed.upsertProposal(reply.proposal);
          this.emitHost('qloop-decision', { proposal: reply.proposal, decision: payload.decision });
        }
        return reply;
      },
    });
    this.queue = new QuestionQueue(this.conversation, () => this.connection, (error) => this.conversation.notice(error, 'error'));
    const { form, input, stop, fresh } = this.frame;
    this.root.append(this.frame.header, this.frame.banner, this.feed.element, this.conversation.element, form, this.dialog.element);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.ask(input.value);
    });
    stop.addEventListener('click', () => this.stopAnswer());
    fresh.addEventListener('click', () => this.newConversation());
    this.root.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key === 'Escape' && !this.dialog.element.open && this.conversation.streaming) this.stopAnswer();
    });
    this.applyStrings();
  }

  /** Overrides some strings (translation), e.g. el.strings = { send: 'Fragen' }. */
  set strings(table: Partial<StringTable>) {
    this.overrides = { ...table };
    this.applyStrings();
  }

  get strings(): StringTable {
    return { ...STRINGS, ...TRANSLATIONS.get(this.lang.toLowerCase()), ...this.overrides };
  }

  /** The connection state, for the host page and for tests. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  override get lang(): string {
    return this.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  override set lang(value: string) {
    this.setAttribute('lang', value);
  }

  connectedCallback(): void {
    this.scheduleConnect();
  }

  disconnectedCallback(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after) return;
    if (name === 'lang') return this.applyStrings();
    if (this.isConnected) this.scheduleConnect();
  }

  /** Asks a question as if typed (host pages may offer quick questions). */
  ask(text: string): void {
    const question = text.trim();
    if (!question || !this.session?.copilot.available || !mayAsk(this.session.user)) return;
    this.frame.input.value = '';
    this.queue.submit(question, this.state === 'connected');
  }

  private scheduleConnect(): void {
    if (this.reconnectScheduled) return;
    this.reconnectScheduled = true;
    // Attributes often change together (terminal, then token): connect once for all of them.
    queueMicrotask(() => {
      this.reconnectScheduled = false;
      if (this.isConnected) this.connect();
    });
  }

  private connect(): void {
    this.connection?.close();
    this.connection = undefined;
    this.session = undefined;
    this.historyLoaded = false;
    this.feed.clear();
    this.conversation.clear();
    this.queue.reset();
    this.updateControls();
    const token = this.getAttribute('token');
    if (!token) return this.setState('refused', this.strings.noToken);
    this.setState('connecting');
    const connection = new CopilotConnection(
      { server: this.serverUrl(), token, terminal: this.getAttribute('terminal') ?? undefined, line: this.getAttribute('line') ?? undefined, notConnected: this.strings.notConnected },
      (state, detail) => this.setState(state, detail),
    );
    this.connection = connection;
    const socket = connection.socket;
    socket.on('session', (session) => this.onSession(session));
    socket.on('answer.progress', ({ messageId, tool, text }) => this.conversation.progress(messageId, { tool, text }));
    socket.on('answer.delta', ({ messageId, text }) => this.conversation.delta(messageId, text));
    socket.on('answer.done', (answer) => {
      this.conversation.done(answer);
      this.updateControls();
      this.emitHost('qloop-answer', { messageId: answer.messageId, text: answer.text, citations: answer.citations });
    });
    socket.on('answer.error', ({ messageId, error }) => {
      this.conversation.error(messageId, error);
      this.updateControls();
    });
    socket.on('alert', (alert) => this.onAlert(alert));
    socket.on('proposal', (proposal) => this.onProposal(proposal));
    socket.on('notice', (notice) => this.conversation.notice(notice.text, notice.level));
  }

  private async onSession(session: SessionEvent): Promise<void> {
    const first = !this.session;
    // socket.io replays what a recovered connection missed; any other reconnect starts afresh.
    const resumed = !first && this.connection?.socket.recovered === true;
    this.session = session;
    this.frame.who.textContent = session.user.displayName;
    this.frame.who.title = `${session.user.displayName} (${session.user.username}, ${session.user.role})`;
    this.updateControls();
    this.showBanner();
    if (session.copilot.available && mayAsk(session.user)) {
      const reply = await this.connection?.history(this.queue.conversationId);
      if (reply?.ok) {
        this.queue.conversationId = reply.conversationId ?? this.queue.conversationId;
        this.conversation.loadHistory(reply.messages, first && !this.historyLoaded && this.conversation.isEmpty ? 'replace' : 'complete');
        if (!first && !resumed) this.conversation.interrupted();
        this.historyLoaded = true;
      }
    }
    void this.queue.flush();
  }

  private onAlert(alert: AlertEvent): void {
    this.feed.upsertAlert(alert);
    this.emitHost('qloop-alert', { alert });
  }

  private onProposal(proposal: ProposalEvent): void {
    this.feed.upsertProposal(proposal);
    this.emitHost('qloop-proposal', { proposal });
  }

  private async stopAnswer(): Promise<void> {
    const messageId = this.conversation.streaming;
    if (!messageId || !this.connection) return;
    const reply = await this.connection.cancel(messageId);
    if (reply.ok) this.conversation.stopped(messageId);
    this.updateControls();
  }

  private newConversation(): void {
    this.queue.conversationId = undefined;
    this.conversation.clear();
    this.frame.input.focus();
  }

  private setState(state: ConnectionState, detail?: string): void {
    this.state = state;
    this.frame.showState(state, this.strings);
    this.refusal = state === 'refused' ? detail : undefined;
    if (state === 'connected') void this.queue.flush();
    this.showBanner();
    this.updateControls();
    this.emitHost('qloop-state', { state, ...(detail ? { detail } : {}) });
  }

  private showBanner(): void {
    const s = this.strings;
    const text =
      this.state === 'refused' ? (this.refusal ?? s.refused)
      : this.state === 'disconnected' ? s.offlineBanner
      : this.session && !this.session.copilot.available ? (this.session.copilot.reason ?? s.unavailable)
      : undefined;
    this.frame.showBanner(text, this.state === 'connected');
  }

  private updateControls(): void {
    const canAsk = !this.session || mayAsk(this.session.user);
    const usable = !!this.session && this.session.copilot.available && canAsk && this.state !== 'refused';
    this.frame.showControls({ visible: canAsk, usable, streaming: !!this.conversation.streaming });
  }

  applyStrings(): void {
    const s = this.strings;
    this.frame.applyStrings(s, this.state);
    this.conversation.element.setAttribute('aria-label', s.conversationLabel);
    this.feed.label(s.alertsLabel);
  }

  private serverUrl(): string {
    return (this.getAttribute('server') ?? window.location.origin).replace(/\/$/, '');
  }

  private emitHost(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
