// After a batch of evaluations is committed: the alert to the lot's line terminals and to QA,
// each proposal as a card, a notice when the policy acted by itself, one notification per result
// to Teams / Slack / e-mail, and a nudge to the outbox. Nothing here decides anything.
import type { Notification } from '../ports/notifier';
import { noticeTarget, proposalEvent, proposalTarget } from '../proposals/proposal-view';
import type { TerminalFeed } from '../realtime/services';
import { alertTarget } from './alert-service';
import type { WrittenEvaluation } from './evaluation-writer';

export interface PublisherDeps {
  feed: TerminalFeed;
  notify(notification: Notification): void;
  link(proposalId: string): string;
  alertLink(alertId: string): string;
  wakeOutbox(): void;
}

export function evaluationPublisher(deps: PublisherDeps): (written: WrittenEvaluation[]) => void {
  return (written) => {
    let queued = false;
    for (const w of written) {
      if (w.alert) deps.feed.alert(alertTarget(w.alert.lineId), w.alert.event);
      for (const p of [...w.proposals, ...w.superseded]) deps.feed.proposal(proposalTarget(p), proposalEvent(p));
      for (const p of w.proposals.filter((x) => x.status !== 'proposed')) {
        deps.feed.notice(noticeTarget(p), { id: `N-${p.id}-auto`, level: 'warning', text: `Auto mode: the policy approved ${p.kind} ${p.id} for ${p.lotId} without a signature (${p.approvedByPolicy}); sending it to the MES.`, proposalId: p.id, lot: p.lotId });
      }
      queued ||= w.queued;
      const notification = notificationFor(w, deps);
      if (notification) deps.notify(notification);
    }
    if (queued) deps.wakeOutbox();
  };
}

/** One notification per result that needs a person: a new proposal or a new critical alert. */
export function notificationFor(w: WrittenEvaluation, deps: Pick<PublisherDeps, 'link' | 'alertLink'>): Notification | undefined {
  const critical = w.alert?.event.severity === 'critical';
  if (w.proposals.length === 0 && !critical) return undefined;
  const { row, context } = w.prepared;
  const event = w.alert?.event;
  const lead = w.proposals.find((p) => p.kind === 'hold') ?? w.proposals[0];
  const test = context.spec?.test ?? row.result.test;
  const what = w.proposals.map((p) => `${p.kind} ${p.id}${p.status === 'proposed' ? '' : ` (${p.status} by policy)`}`).join(', ');
  return {
    subject: `${event ? `${event.severity === 'critical' ? 'OOS' : 'Check'}: ` : ''}${test} ${row.result.value} on ${context.lotId ?? row.result.sampleId}${what ? ` — ${what}` : ''}`,
    severity: event?.severity ?? 'warning',
    summary: w.guidance.text,
    link: lead ? deps.link(lead.id) : deps.alertLink(event?.id ?? ''),
    facts: [
      { name: 'Lot', value: context.lotId ?? '–' },
      { name: 'Test', value: test },
      { name: 'Result', value: `${row.result.value}${context.spec?.unit ? ` ${context.spec.unit}` : ''}` },
      { name: 'Specification', value: event?.spec ?? '–' },
      { name: 'Rule', value: w.guidance.rule },
      { name: 'Line', value: context.line?.id ?? '–' },
      { name: 'Work order', value: context.workOrder?.id ?? '–' },
      { name: 'Mode', value: w.mode },
      ...(what ? [{ name: 'Proposals', value: what }] : []),
    ],
  };
}
