// The conversation log: the user's questions (queued while offline), answers streaming in
// as Markdown with tool progress, then sources that open the cited SOP page, an optional
// control chart and the steps the agent took. Answers are keyed by messageId, so a replayed
// or re-fetched answer updates its bubble instead of adding a second one.
import type { AnswerDone, Citation, ConversationMessage, ToolCallSummary, WireError } from '../../server/realtime/contract';
import { renderControlChart } from './chart';
import { el } from './dom';
import { citationHref } from './links';
import { renderMarkdown } from './markdown';
import { format, type StringTable } from './strings';

type AnswerState = 'streaming' | 'done' | 'error' | 'stopped';

interface AnswerBubble {
  root: HTMLElement;
  body: HTMLElement;
  progress: HTMLElement;
  text: string;
  steps: string[];
  state: AnswerState;
  timer?: ReturnType<typeof setTimeout>;
}

export interface ConversationHooks {
  strings: () => StringTable;
  linkBase: () => string;
  /** An answer started or ended streaming (the Stop button follows it). */
  streamingChanged: () => void;
}

export class ConversationView {
  readonly element: HTMLElement;
  private readonly answers = new Map<string, AnswerBubble>();

  constructor(private readonly hooks: ConversationHooks) {
    this.element = el('div', { class: 'log', attrs: { role: 'log', 'aria-live': 'polite', tabindex: '0' } });
  }

  clear(): void {
    for (const answer of this.answers.values()) clearTimeout(answer.timer);
    this.answers.clear();
    this.element.replaceChildren();
  }

  get isEmpty(): boolean {
    return this.element.childElementCount === 0;
  }

  /** The answer still streaming, if any (Stop and Escape cancel it). */
  get streaming(): string | undefined {
    for (const [id, answer] of this.answers) if (answer.state === 'streaming') return id;
    return undefined;
  }

  addUser(text: string, queued: boolean): HTMLElement {
    const bubble = this.append(el('div', { class: `msg user${queued ? ' queued' : ''}` }, [el('p', { class: 'text', text })]));
    if (queued) bubble.append(el('p', { class: 'msg-state', text: this.hooks.strings().queued }));
    return bubble;
  }

  markSent(bubble: HTMLElement): void {
    bubble.classList.remove('queued');
    bubble.querySelector('.msg-state')?.remove();
  }

  notice(text: string, level: 'info' | 'success' | 'warning' | 'error' = 'info'): HTMLElement {
    return this.append(el('div', { class: `msg system level-${level}`, text }));
  }

  /** Shows the answer bubble ("Working…") as soon as the question is accepted. */
  expect(messageId: string): void {
    this.answer(messageId);
  }

  progress(messageId: string, step: { tool: string; text: string }): void {
    const answer = this.answer(messageId);
    answer.steps.push(step.text);
    answer.progress.textContent = step.text;
  }

  delta(messageId: string, text: string): void {
    const answer = this.answer(messageId);
    if (answer.state !== 'streaming') return;
    answer.text += text;
    // Re-render at most every 40 ms: Markdown needs the whole text, deltas come in bursts.
    answer.timer ??= setTimeout(() => {
      answer.timer = undefined;
      this.renderBody(answer);
    }, 40);
  }

  done(payload: AnswerDone): void {
    this.finish(this.answer(payload.messageId), 'done', payload.text, payload);
  }

  error(messageId: string, error: WireError): void {
    const answer = this.answer(messageId);
    if (answer.state === 'stopped') return;
    this.finish(answer, 'error', answer.text);
    answer.root.append(el('p', { class: 'card-error', text: format(this.hooks.strings().answerFailed, { message: error.message }) }));
  }

  /**
   * After a reconnect the server could not resume (it restarted, or the outage outlasted connection
   * recovery): answers still "Working…" and absent from the history are lost. Say so rather than
   * spin forever; should one still arrive, its answer.done replaces the note.
   */
  interrupted(): void {
    for (const answer of this.answers.values()) {
      if (answer.state !== 'streaming') continue;
      this.finish(answer, 'error', answer.text);
      answer.root.append(el('p', { class: 'card-error', text: this.hooks.strings().answerInterrupted }));
    }
  }

  stopped(messageId: string): void {
    const answer = this.answer(messageId);
    if (answer.state !== 'streaming') return;
    this.finish(answer, 'stopped', answer.text);
    answer.root.append(el('p', { class: 'msg-state', text: this.hooks.strings().stopped }));
  }

  /** Renders a stored conversation; on a reconnect only completes answers already shown. */
  loadHistory(messages: ConversationMessage[], mode: 'replace' | 'complete'): void {
    if (mode === 'replace') this.clear();
    for (const [index, message] of messages.entries()) {
      if (message.role === 'assistant') {
        const known = this.answers.get(message.messageId);
        if (known && known.state !== 'streaming') continue;
        if (!known && mode === 'complete') continue;
        this.finish(this.answer(message.messageId), 'done', message.text, { citations: message.citations ?? [], toolCalls: [], ...(message.chart ? { chart: message.chart } : {}) });
      } else if (mode === 'replace') {
        if (message.role === 'user') this.addUser(message.text, false);
        else this.notice(message.text);
        // A question followed by another question got no answer: the server went down meanwhile.
        if (message.role === 'user' && messages[index + 1]?.role === 'user') this.notice(this.hooks.strings().unanswered, 'warning');
      }
    }
  }

  private answer(messageId: string): AnswerBubble {
    const existing = this.answers.get(messageId);
    if (existing) return existing;
    const progress = el('p', { class: 'progress', text: this.hooks.strings().working });
    const body = el('div', { class: 'body markdown' });
    const root = this.append(el('div', { class: 'msg assistant', attrs: { 'data-message-id': messageId, 'data-state': 'streaming', 'aria-busy': 'true' } }, [progress, body]));
    const answer: AnswerBubble = { root, body, progress, text: '', steps: [], state: 'streaming' };
    this.answers.set(messageId, answer);
    this.hooks.streamingChanged();
    return answer;
  }

  private finish(answer: AnswerBubble, state: AnswerState, text: string, extra?: { citations: Citation[]; toolCalls: ToolCallSummary[]; chart?: AnswerDone['chart'] }): void {
    clearTimeout(answer.timer);
    answer.timer = undefined;
    answer.state = state;
    answer.text = text;
    answer.root.dataset.state = state;
    answer.root.removeAttribute('aria-busy');
    answer.progress.remove();
    // The sources are listed under the answer, with links: the model's own sources line would repeat them.
    this.renderBody(answer, extra?.citations.length ? withoutSourcesLine(text) : text);
    const s = this.hooks.strings();
    if (extra?.chart && extra.chart.points.length) answer.root.append(renderControlChart(extra.chart, s));
    if (extra?.citations.length) answer.root.append(this.sources(extra.citations));
    const steps = answer.steps.length ? answer.steps : (extra?.toolCalls ?? []).map((call) => call.name);
    if (steps.length) answer.root.append(el('details', { class: 'steps' }, [el('summary', { text: format(steps.length === 1 ? s.stepsOne : s.steps, { count: steps.length }) }), el('ol', {}, steps.map((step) => el('li', { text: step })))]));
    this.reveal(answer.root);
    this.hooks.streamingChanged();
  }

  private sources(citations: Citation[]): HTMLElement {
    const s = this.hooks.strings();
    return el('div', { class: 'sources' }, [
      el('h4', { text: s.sources }),
      el('ul', {}, citations.map((c) => {
        const named = c.title && c.title.includes(c.docId.replace(/^[A-Z]+:/, '')) ? c.title : [c.docId, c.title ? `— ${c.title}` : ''].filter(Boolean).join(' ');
        const label = [named, c.revision ? `(rev ${c.revision})` : '', c.page ? `(${format(s.sourcePage, { page: c.page })})` : ''].filter(Boolean).join(' ');
        const href = citationHref(c, this.hooks.linkBase());
        const link = href ? el('a', { text: label, attrs: { href, target: '_blank', rel: 'noopener noreferrer', 'data-doc-id': c.docId } }) : el('span', { text: label });
        return el('li', {}, [link]);
      })),
    ]);
  }

  private renderBody(answer: AnswerBubble, text = answer.text): void {
    const stick = this.nearBottom();
    answer.body.replaceChildren(renderMarkdown(text, this.hooks.linkBase()));
    this.scroll(stick);
  }

  private append(node: HTMLElement): HTMLElement {
    const stick = this.nearBottom();
    this.element.append(node);
    this.scroll(stick || true);
    return node;
  }

  /** Scrolls to the end, or to the answer's first line when the whole answer does not fit: read from the top. */
  private reveal(bubble: HTMLElement): void {
    const log = this.element;
    const offset = bubble.getBoundingClientRect().top - log.getBoundingClientRect().top;
    if (bubble.offsetHeight > log.clientHeight) log.scrollTop += offset - 8;
    else this.scroll(true);
  }

  private nearBottom(): boolean {
    const log = this.element;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  private scroll(stick: boolean): void {
    if (stick) this.element.scrollTop = this.element.scrollHeight;
  }
}

/** A last paragraph like "Sources: LIMS R-778812 · SOP-QC-001 rev 04 p. 1" (also German, Spanish). */
const SOURCES_LINE = /\n\s*\n\s*(?:\*\*)?(?:Sources|Quellen|Fuentes)(?:\*\*)?\s*:[^\n]*\s*$/i;

export function withoutSourcesLine(text: string): string {
  return text.replace(SOURCES_LINE, '');
}
