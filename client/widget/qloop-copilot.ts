// <qloop-copilot>: the copilot widget an MES screen embeds with one script tag. Attributes:
// server, token, terminal, line, lang. It never renders HTML from the server: every text
// goes in through textContent (see dom.ts, markdown.ts).
import type { AlertEvent, ProposalEvent, SessionEvent } from '../../server/realtime/contract';
import { CopilotConnection, type ConnectionState } from './connection';
import { ConversationView } from './conversation';
import { el } from './dom';
import { FeedView } from './feed-view';
import { mayAsk } from './permissions';
import { proposalTitle } from './proposal-card';
import { QuestionQueue } from './question-queue';
import { SignatureDialog } from './signature-dialog';
import { STRINGS, format, type StringTable } from './strings';
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
  private readonly parts = {
    title: el('h2'),
    who: el('span', { class: 'who' }),
    state: el('span', { class: 'state', attrs: { role: 'status', 'data-state': 'connecting' } }, [el('span', { class: 'dot' }), el('span', { class: 'label' })]),
    fresh: el('button', { class: 'ghost', attrs: { type: 'button', 'data-action': 'new-conversation' } }),
    banner: el('div', { class: 'banner', attrs: { role: 'alert' } }),
    input: el('input', { attrs: { name: 'q', autocomplete: 'off', maxlength: '2000', enterkeyhint: 'send' } }),
    send: el('button', { attrs: { type: 'submit', 'data-action': 'ask' } }),
    stop: el('button', { class: 'secondary', attrs: { type: 'button', 'data-action': 'stop' } }),
    form: el('form', { class: 'ask' }),
  };

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
      closed: (item) => this.onClosed(item),
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
    const { form, input, send, stop, fresh } = this.parts;
    form.append(input, send, stop);
    stop.hidden = true;
    this.parts.banner.hidden = true;
    this.root.append(el('header', { class: 'top' }, [this.parts.title, this.parts.who, fresh, this.parts.state]), this.parts.banner, this.feed.element, this.conversation.element, form, this.dialog.element);
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
    this.parts.input.value = '';
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
    this.session = session;
    this.parts.who.textContent = session.user.displayName;
    this.updateControls();
    this.showBanner();
    if (session.copilot.available && mayAsk(session.user)) {
      const reply = await this.connection?.history(this.queue.conversationId);
      if (reply?.ok) {
        this.queue.conversationId = reply.conversationId ?? this.queue.conversationId;
        this.conversation.loadHistory(reply.messages, first && !this.historyLoaded && this.conversation.isEmpty ? 'replace' : 'complete');
        this.historyLoaded = true;
      }
    }
    this.queue.flush();
  }

  private onAlert(alert: AlertEvent): void {
    this.feed.upsertAlert(alert);
    this.emitHost('qloop-alert', { alert });
  }

  private onProposal(proposal: ProposalEvent): void {
    this.feed.upsertProposal(proposal);
    this.emitHost('qloop-proposal', { proposal });
  }

  private onClosed(item: { kind: 'alert'; alert: AlertEvent } | { kind: 'proposal'; proposal: ProposalEvent }): void {
    if (item.kind === 'alert') {
      const a = item.alert;
      const how = a.status === 'shelved' ? format(this.strings.shelvedUntil, { until: a.shelvedUntil ?? '—' }) : format(this.strings.acknowledgedBy, { user: a.acknowledgedBy ?? '—' });
      this.conversation.notice(`${a.lot} · ${a.test}: ${how}`, 'info');
    } else {
      const p = item.proposal;
      const last = p.signatures?.at(-1);
      this.conversation.notice(`${proposalTitle(p)}: ${p.status}${last ? ` — ${last.signedBy}` : ''}`, p.status === 'rejected' ? 'warning' : 'success');
    }
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
    this.parts.input.focus();
  }

  private setState(state: ConnectionState, detail?: string): void {
    this.state = state;
    this.parts.state.dataset.state = state;
    this.parts.state.querySelector('.label')!.textContent = this.strings[state];
    this.refusal = state === 'refused' ? detail : undefined;
    if (state === 'connected') this.queue.flush();
    this.showBanner();
    this.updateControls();
    this.emitHost('qloop-state', { state, ...(detail ? { detail } : {}) });
  }

  private refusal: string | undefined;

  private showBanner(): void {
    const s = this.strings;
    const text =
      this.state === 'refused' ? (this.refusal ?? s.refused)
      : this.state === 'disconnected' ? s.offlineBanner
      : this.session && !this.session.copilot.available ? (this.session.copilot.reason ?? s.unavailable)
      : undefined;
    const banner = this.parts.banner;
    banner.hidden = !text;
    banner.textContent = text ?? '';
    banner.className = this.state === 'connected' ? 'banner info' : 'banner';
  }

  private updateControls(): void {
    const usable = !!this.session && this.session.copilot.available && mayAsk(this.session.user) && this.state !== 'refused';
    const { input, send, stop, fresh, form } = this.parts;
    form.hidden = !!this.session && !mayAsk(this.session.user);
    input.disabled = send.disabled = fresh.disabled = !usable;
    const streaming = !!this.conversation.streaming;
    stop.hidden = !streaming;
  }

  applyStrings(): void {
    const s = this.strings;
    const p = this.parts;
    p.title.textContent = s.title;
    p.input.placeholder = s.placeholder;
    p.input.setAttribute('aria-label', s.questionLabel);
    p.send.textContent = s.send;
    p.stop.textContent = s.stop;
    p.fresh.textContent = s.newConversation;
    p.fresh.setAttribute('aria-label', s.newConversationLabel);
    p.state.querySelector('.label')!.textContent = s[this.state];
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
