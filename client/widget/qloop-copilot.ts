// <qloop-copilot>: the copilot widget an MES screen embeds with one script tag. It talks to
// the /copilot namespace with the token given as an attribute and never renders HTML from
// the server: every text goes in through textContent.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionEvent } from '../../server/realtime/contract';
import { STRINGS } from './strings';
import { WIDGET_CSS } from './styles';

type CopilotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';

export class QloopCopilotElement extends HTMLElement {
  static observedAttributes = ['server', 'token', 'terminal'];

  private socket: CopilotSocket | undefined;
  private readonly root: ShadowRoot;
  private session: SessionEvent | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = `
      <style>${WIDGET_CSS}</style>
      <header><h2></h2><span class="state" data-state="connecting" role="status" aria-live="polite"><span class="dot"></span><span class="label"></span></span></header>
      <div class="banner" hidden role="alert"></div>
      <div class="log" role="log" aria-live="polite"></div>
      <form><input name="q" autocomplete="off" disabled /><button type="submit" disabled></button></form>`;
    this.el('h2').textContent = STRINGS.title;
    this.el<HTMLInputElement>('input').placeholder = STRINGS.placeholder;
    this.el('button').textContent = STRINGS.send;
    this.el<HTMLFormElement>('form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.ask();
    });
  }

  /** The connection state, for the host page and for tests. */
  get connectionState(): ConnectionState {
    return (this.el('.state').dataset.state as ConnectionState) ?? 'connecting';
  }

  connectedCallback(): void {
    this.connect();
  }

  disconnectedCallback(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.connect();
  }

  private connect(): void {
    this.socket?.close();
    const token = this.getAttribute('token');
    if (!token) return this.setState('refused', STRINGS.noToken);
    const server = this.getAttribute('server') ?? window.location.origin;
    const terminal = this.getAttribute('terminal') ?? undefined;
    this.setState('connecting');
    const socket: CopilotSocket = io(`${server.replace(/\/$/, '')}/copilot`, { auth: { token, terminal }, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => this.setState('connected'));
    socket.on('disconnect', () => this.setState('disconnected'));
    socket.on('connect_error', (err) => this.setState(socket.active ? 'disconnected' : 'refused', err.message));
    socket.on('session', (session) => this.onSession(session));
    socket.on('answer.delta', ({ messageId, text }) => this.appendToAnswer(messageId, text));
    socket.on('answer.done', ({ messageId, text }) => this.finishAnswer(messageId, text));
    socket.on('alert', (alert) => this.addMessage('system', `${alert.severity.toUpperCase()}: ${alert.lot} ${alert.test} ${alert.value} ${alert.unit} (${alert.spec}) — ${alert.guidance}`));
  }

  private onSession(session: SessionEvent): void {
    this.session = session;
    const usable = session.copilot.available;
    this.el<HTMLInputElement>('input').disabled = !usable;
    this.el<HTMLButtonElement>('button').disabled = !usable;
    this.showBanner(usable ? undefined : (session.copilot.reason ?? STRINGS.unavailable));
  }

  private ask(): void {
    const input = this.el<HTMLInputElement>('input');
    const text = input.value.trim();
    if (!text || !this.socket || !this.session?.copilot.available) return;
    this.addMessage('user', text);
    input.value = '';
    this.socket.emit('ask', { text }, (response) => {
      if (!response.ok) this.addMessage('system', response.error.message);
      else this.answerBubble(response.messageId);
    });
  }

  private answerBubble(messageId: string): HTMLElement {
    const existing = this.root.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(messageId)}"]`);
    if (existing) return existing;
    const bubble = this.addMessage('assistant', '');
    bubble.dataset.messageId = messageId;
    return bubble;
  }

  private appendToAnswer(messageId: string, text: string): void {
    const bubble = this.answerBubble(messageId);
    bubble.textContent = `${bubble.textContent ?? ''}${text}`;
  }

  private finishAnswer(messageId: string, text: string): void {
    this.answerBubble(messageId).textContent = text;
  }

  private addMessage(kind: 'user' | 'assistant' | 'system', text: string): HTMLElement {
    const log = this.el('.log');
    const bubble = document.createElement('div');
    bubble.className = `msg ${kind}`;
    bubble.textContent = text;
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
    return bubble;
  }

  private setState(state: ConnectionState, detail?: string): void {
    const el = this.el('.state');
    el.dataset.state = state;
    this.el('.label').textContent = STRINGS[state];
    if (state === 'refused' && detail) this.showBanner(detail);
    if (state === 'connected' && this.session?.copilot.available !== false) this.showBanner(undefined);
    this.dispatchEvent(new CustomEvent('qloop-state', { detail: { state }, bubbles: true, composed: true }));
  }

  private showBanner(text: string | undefined): void {
    const banner = this.el('.banner');
    banner.hidden = !text;
    banner.textContent = text ?? '';
  }

  private el<T extends HTMLElement = HTMLElement>(selector: string): T {
    return this.root.querySelector<T>(selector)!;
  }
}
