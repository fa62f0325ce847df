// The strip of outstanding alerts and proposals above the conversation. Items are keyed by
// id: a replayed or repeated event updates its card in place (never a duplicate), and an
// acknowledged alert or a decided proposal leaves the strip with a line in the log.
import type { AlertEvent, ProposalEvent, SessionUserView, WireError } from '../../server/realtime/contract';
import { renderAlertCard, when } from './alert-card';
import { el } from './dom';
import { isOpen } from './permissions';
import { proposalTitle, renderProposalCard } from './proposal-card';
import { format, type StringTable } from './strings';

export interface FeedHooks {
  strings: () => StringTable;
  user: () => SessionUserView | undefined;
  linkBase: () => string;
  lang: () => string;
  acknowledge(alert: AlertEvent, action: 'acknowledge' | 'shelve', shelf?: { reason: string; until: string }): Promise<WireError | undefined>;
  decide(proposal: ProposalEvent, decision: 'approve' | 'reject', opener: HTMLElement): void;
  /** An item left the strip: a line for the conversation log. */
  closed(text: string, level: 'info' | 'success' | 'warning'): void;
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export class FeedView {
  readonly element: HTMLElement;
  private readonly alerts = new Map<string, { event: AlertEvent; card: HTMLElement; json: string }>();
  private readonly proposals = new Map<string, { event: ProposalEvent; card: HTMLElement; json: string }>();

  constructor(private readonly hooks: FeedHooks) {
    this.element = el('section', { class: 'feed' });
    this.element.hidden = true;
  }

  label(text: string): void {
    this.element.setAttribute('aria-label', text);
  }

  clear(): void {
    this.alerts.clear();
    this.proposals.clear();
    this.element.replaceChildren();
    this.element.hidden = true;
  }

  upsertAlert(alert: AlertEvent): void {
    const user = this.hooks.user();
    if (!user) return;
    const known = this.alerts.get(alert.id);
    const json = JSON.stringify(alert);
    if (known?.json === json) return;
    if ((alert.status ?? 'open') !== 'open') {
      if (known) {
        known.card.remove();
        this.alerts.delete(alert.id);
        const s = this.hooks.strings();
        const how = alert.status === 'shelved' ? format(s.shelvedUntil, { until: alert.shelvedUntil ? when(alert.shelvedUntil, this.hooks.lang()) : '—' }) : format(s.acknowledgedBy, { user: alert.acknowledgedBy ?? '—' });
        this.hooks.closed(`${alert.lot} · ${alert.test}: ${how}`, 'info');
      }
      return this.toggle();
    }
    const chartOpen = known ? !!known.card.querySelector('details.chart-toggle[open]') : this.alerts.size === 0;
    const card = renderAlertCard(alert, { strings: this.hooks.strings(), user, linkBase: this.hooks.linkBase(), lang: this.hooks.lang(), chartOpen, acknowledge: this.hooks.acknowledge });
    if (known) known.card.replaceWith(card);
    else this.element.insertBefore(card, this.alertSuccessor(alert));
    this.alerts.set(alert.id, { event: alert, card, json });
    this.toggle();
  }

  upsertProposal(proposal: ProposalEvent): void {
    const user = this.hooks.user();
    if (!user) return;
    const known = this.proposals.get(proposal.id);
    const json = JSON.stringify(proposal);
    if (known?.json === json) return;
    if (!isOpen(proposal)) {
      if (known) {
        known.card.remove();
        this.proposals.delete(proposal.id);
        const signer = proposal.signatures?.at(-1)?.signedBy;
        this.hooks.closed(`${proposalTitle(proposal)}: ${proposal.status}${signer ? ` — ${signer}` : ''}`, proposal.status === 'rejected' ? 'warning' : 'success');
      }
      return this.toggle();
    }
    const card = renderProposalCard(proposal, { strings: this.hooks.strings(), user, linkBase: this.hooks.linkBase(), lang: this.hooks.lang(), decide: this.hooks.decide });
    if (known) known.card.replaceWith(card);
    else this.element.append(card);
    this.proposals.set(proposal.id, { event: proposal, card, json });
    this.toggle();
  }

  get counts(): { alerts: number; proposals: number } {
    return { alerts: this.alerts.size, proposals: this.proposals.size };
  }

  /** Most severe first, newest first within a severity; proposals after every alert. */
  private alertSuccessor(alert: AlertEvent): Node | null {
    const rank = (a: AlertEvent) => (SEVERITY_RANK[a.severity] ?? 3) * 1e15 - (Date.parse(a.raisedAt ?? '') || 0);
    const mine = rank(alert);
    for (const card of this.element.querySelectorAll<HTMLElement>('.card.alert')) {
      const other = this.alerts.get(card.dataset.alertId ?? '');
      if (other && rank(other.event) > mine) return card;
    }
    return this.element.querySelector('.card.proposal');
  }

  private toggle(): void {
    this.element.hidden = this.alerts.size + this.proposals.size === 0;
  }
}
