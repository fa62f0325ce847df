// The widget's frame around the alert strip and the conversation: header (title, who, New,
// connection state), the banner for what is wrong, and the question box with Ask and Stop.
import type { ConnectionState } from './connection';
import { el } from './dom';
import type { StringTable } from './strings';

export class WidgetFrame {
  readonly title = el('h2');
  readonly who = el('span', { class: 'who' });
  readonly state = el('span', { class: 'state', attrs: { role: 'status', 'data-state': 'connecting' } }, [el('span', { class: 'dot' }), el('span', { class: 'label' })]);
  readonly fresh = el('button', { class: 'ghost', attrs: { type: 'button', 'data-action': 'new-conversation' } });
  readonly banner = el('div', { class: 'banner', attrs: { role: 'alert' } });
  readonly input = el('input', { attrs: { name: 'q', autocomplete: 'off', maxlength: '2000', enterkeyhint: 'send' } });
  readonly send = el('button', { attrs: { type: 'submit', 'data-action': 'ask' } });
  readonly stop = el('button', { class: 'secondary', attrs: { type: 'button', 'data-action': 'stop' } });
  readonly form = el('form', { class: 'ask' }, [this.input, this.send, this.stop]);
  readonly header = el('header', { class: 'top' }, [this.title, this.who, this.fresh, this.state]);

  constructor() {
    this.stop.hidden = true;
    this.banner.hidden = true;
  }

  showState(state: ConnectionState, strings: StringTable): void {
    this.state.dataset.state = state;
    this.state.querySelector('.label')!.textContent = strings[state];
  }

  /** `calm` marks a standing condition (no copilot) rather than a fault (connection lost). */
  showBanner(text: string | undefined, calm: boolean): void {
    this.banner.hidden = !text;
    this.banner.textContent = text ?? '';
    this.banner.className = calm ? 'banner info' : 'banner';
  }

  showControls(options: { visible: boolean; usable: boolean; streaming: boolean }): void {
    this.form.hidden = !options.visible;
    this.input.disabled = this.send.disabled = this.fresh.disabled = !options.usable;
    this.stop.hidden = !options.streaming;
  }

  applyStrings(s: StringTable, state: ConnectionState): void {
    this.title.textContent = s.title;
    this.input.placeholder = s.placeholder;
    this.input.setAttribute('aria-label', s.questionLabel);
    this.send.textContent = s.send;
    this.stop.textContent = s.stop;
    this.fresh.textContent = s.newConversation;
    this.fresh.setAttribute('aria-label', s.newConversationLabel);
    this.showState(state, s);
  }
}
