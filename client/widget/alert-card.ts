// An alert card: severity, lot, test, result against the spec, the rule that fired, the
// guidance, an optional control chart, and acknowledge / shelve (with a reason, ISA-18.2).
import type { AlertEvent, SessionUserView, WireError } from '../../server/realtime/contract';
import { renderControlChart } from './chart';
import { el } from './dom';
import { foldableText } from './foldable';
import { mayAcknowledge, mayShelve } from './permissions';
import { format, type StringKey, type StringTable } from './strings';

export interface AlertCardHooks {
  strings: StringTable;
  user: SessionUserView;
  linkBase: string;
  lang: string;
  /** The chart starts unfolded on the first alert only, so a busy strip stays readable. */
  chartOpen: boolean;
  acknowledge(alert: AlertEvent, action: 'acknowledge' | 'shelve', shelf?: { reason: string; until: string }): Promise<WireError | undefined>;
}

let serial = 0;
const SHELVE_HOURS = [1, 2, 4, 8];

export function renderAlertCard(alert: AlertEvent, hooks: AlertCardHooks): HTMLElement {
  const s = hooks.strings;
  const headingId = `alert-heading-${++serial}`;
  const error = el('p', { class: 'card-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const status = alert.status ?? 'open';
  const card = el('article', { class: `card alert sev-${alert.severity} status-${status}`, attrs: { 'data-alert-id': alert.id, 'aria-labelledby': headingId } }, [
    el('header', { class: 'card-head' }, [
      el('span', { class: 'badge', text: s[`severity_${alert.severity}` as StringKey] ?? alert.severity }),
      el('h3', { text: `${alert.lot} · ${alert.test}`, attrs: { id: headingId } }),
    ]),
    el('p', { class: 'reading' }, [
      el('span', { class: 'value', text: String(alert.value) }),
      alert.unit ? el('span', { class: 'unit', text: ` ${alert.unit}` }) : undefined,
      el('span', { class: 'spec', text: ` · ${s.fieldSpec} ${alert.spec}` }),
    ]),
    el('dl', { class: 'facts' }, [
      ...fact(s.fieldRule, alert.rule),
      ...(alert.line ? fact(s.fieldLine, alert.line) : []),
      ...(alert.raisedAt ? fact(s.fieldRaised, when(alert.raisedAt, hooks.lang)) : []),
    ]),
    foldableText(alert.guidance, hooks),
    alert.chart && alert.chart.points.length
      ? el('details', { class: 'chart-toggle', attrs: hooks.chartOpen ? { open: '' } : {} }, [el('summary', { text: s.chart }), renderControlChart(alert.chart, s)])
      : undefined,
    alert.proposalId ? el('p', { class: 'hint', text: s.seeProposal }) : undefined,
    statusLine(alert, hooks),
    error,
  ]);
  if (status === 'open' && mayAcknowledge(hooks.user)) card.append(...actions(alert, hooks, error));
  return card;
}

function actions(alert: AlertEvent, hooks: AlertCardHooks, error: HTMLElement): HTMLElement[] {
  const s = hooks.strings;
  const ack = el('button', { class: 'primary', text: s.acknowledge, attrs: { type: 'button', 'data-action': 'acknowledge' } });
  const shelve = el('button', { class: 'secondary', text: s.shelve, attrs: { type: 'button', 'data-action': 'shelve', 'aria-expanded': 'false' } });
  const reason = el('input', { attrs: { name: 'reason', 'aria-required': 'true', maxlength: '500', autocomplete: 'off', 'aria-label': s.shelveReason } });
  const hours = el('select', { attrs: { name: 'hours', 'aria-label': s.shelveFor } }, SHELVE_HOURS.map((n) => el('option', { text: format(s.hours, { n }), attrs: { value: String(n) } })));
  const form = el('form', { class: 'shelve-form' }, [
    el('label', {}, [el('span', { text: s.shelveReason }), reason]),
    el('label', {}, [el('span', { text: s.shelveFor }), hours]),
    el('div', { class: 'actions' }, [
      el('button', { class: 'primary', text: s.shelveConfirm, attrs: { type: 'submit' } }),
      el('button', { class: 'secondary', text: s.cancel, attrs: { type: 'button', 'data-action': 'shelve-cancel' } }),
    ]),
  ]);
  form.hidden = true;
  const bar = el('div', { class: 'actions' }, [ack, mayShelve(hooks.user) ? shelve : undefined]);
  const run = async (action: 'acknowledge' | 'shelve', shelf?: { reason: string; until: string }) => {
    for (const b of [ack, shelve]) b.disabled = true;
    const failure = await hooks.acknowledge(alert, action, shelf);
    if (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      for (const b of [ack, shelve]) b.disabled = false;
    }
  };
  ack.addEventListener('click', () => void run('acknowledge'));
  shelve.addEventListener('click', () => {
    form.hidden = !form.hidden;
    shelve.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) reason.focus();
  });
  form.querySelector('[data-action="shelve-cancel"]')?.addEventListener('click', () => {
    form.hidden = true;
    shelve.setAttribute('aria-expanded', 'false');
    shelve.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      error.textContent = s.reasonRequired;
      error.hidden = false;
      return reason.focus();
    }
    const until = new Date(Date.now() + Number(hours.value) * 3_600_000).toISOString();
    void run('shelve', { reason: text, until });
  });
  return mayShelve(hooks.user) ? [bar, form] : [bar];
}

function statusLine(alert: AlertEvent, hooks: AlertCardHooks): HTMLElement | undefined {
  const s = hooks.strings;
  if (alert.status === 'acknowledged') return el('p', { class: 'card-status', text: format(s.acknowledgedBy, { user: alert.acknowledgedBy ?? '—' }) });
  if (alert.status === 'shelved') return el('p', { class: 'card-status', text: format(s.shelvedUntil, { until: alert.shelvedUntil ? when(alert.shelvedUntil, hooks.lang) : '—' }) });
  return undefined;
}

export function fact(term: string, value: string): HTMLElement[] {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

export function when(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang || undefined, { dateStyle: 'short', timeStyle: 'short' });
}
