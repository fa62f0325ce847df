// Long card text (alert guidance, a proposal's reasons) folded to three lines with Show more /
// Show less: the guidance opens with what to do, and the statistics after it would otherwise
// push the proposal waiting for a decision out of the alert strip.
import { el } from './dom';
import { renderMarkdown } from './markdown';
import type { StringTable } from './strings';

const LONG_TEXT = 220;
let serial = 0;

export function foldableText(markdown: string, hooks: { strings: StringTable; linkBase: string }): HTMLElement {
  const body = el('div', { class: 'guidance', attrs: { id: `qloop-fold-${++serial}` } }, [renderMarkdown(markdown, hooks.linkBase)]);
  if (markdown.length <= LONG_TEXT) return body;
  body.classList.add('folded');
  const toggle = el('button', { class: 'ghost more', text: hooks.strings.showMore, attrs: { type: 'button', 'data-action': 'more', 'aria-expanded': 'false', 'aria-controls': body.id } });
  toggle.addEventListener('click', () => {
    const folded = body.classList.toggle('folded');
    toggle.textContent = folded ? hooks.strings.showMore : hooks.strings.showLess;
    toggle.setAttribute('aria-expanded', String(!folded));
  });
  return el('div', { class: 'guidance-wrap' }, [body, toggle]);
}
