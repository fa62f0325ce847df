// After a batch with LIMS retractions is committed: the closed alert goes back to everyone who saw
// it, superseded proposal cards are updated, and a notice tells QA (and the line, when something
// was raised there) what was annulled and what still stands. Nothing here decides anything.
import type { Notification } from '../ports/notifier';
import { proposalEvent, proposalTarget } from '../proposals/proposal-view';
import type { NoticeEvent } from '../realtime/contract';
import type { FeedTarget, TerminalFeed } from '../realtime/services';
import { alertTarget } from './alert-service';
import type { WrittenRetraction } from './retraction-writer';

export interface RetractionPublisherDeps {
  feed: TerminalFeed;
  notify(notification: Notification): void;
  alertLink(alertId: string): string;
  /** An action that may have reached the MES: the outbox reads the MES now, not at its next retry. */
  wakeOutbox?(): void;
}

export function retractionPublisher(deps: RetractionPublisherDeps): (written: WrittenRetraction[]) => void {
  return (written) => {
    for (const r of written) {
      for (const alert of r.closedAlerts) deps.feed.alert(alertTarget(alert.lineId), { ...alert.event, guidance: `Closed: ${r.reason}. ${alert.event.guidance}` });
      for (const alert of r.annotatedAlerts) deps.feed.alert(alertTarget(alert.lineId), alert.event);
      for (const p of [...r.superseded, ...r.withdrawn]) deps.feed.proposal(proposalTarget(p), proposalEvent(p));
      if (r.status === 'mismatch') {
        mismatchNotice(deps, r);
        continue;
      }
      if (r.status === 'failed') {
        failedNotice(deps, r);
        continue;
      }
      if (r.status !== 'annulled') continue;
      if (r.standing.some((p) => p.status !== 'executed')) deps.wakeOutbox?.();
      const atTheLine = r.closedAlerts.length > 0 || r.superseded.length > 0 || r.withdrawn.length > 0 || r.standing.length > 0;
      const lineId = r.annulled?.lineId;
      const target: FeedTarget = { ...(atTheLine && lineId ? { lineId } : {}), roles: ['qa', 'supervisor'] };
      const notice = retractionNotice(r);
      deps.feed.notice(target, notice);
      if (atTheLine || r.oosOpen) {
        const alert = r.closedAlerts[0];
        deps.notify({
          subject: `${r.amendedTo !== undefined ? 'Amended' : 'Retracted'}: ${r.annulled?.test ?? r.row.result.test} ${r.annulled?.value ?? r.row.result.value} on ${r.annulled?.lotId ?? r.row.result.sampleId}`,
          severity: r.standing.length || r.withdrawn.length || r.oosOpen ? 'warning' : 'info',
          summary: notice.text,
          ...(alert ? { link: deps.alertLink(alert.event.id) } : {}),
          facts: [
            { name: 'Result', value: r.row.result.resultId },
            { name: 'Evaluation', value: `${r.annulled?.evaluationId ?? '–'} (annulled)` },
            { name: 'Reason', value: r.reason },
          ],
        });
      }
    }
  };
}

/** A retraction that does not match the stored result: QA checks with the lab; nothing was annulled. */
function mismatchNotice(deps: RetractionPublisherDeps, r: WrittenRetraction): void {
  const { result } = r.row;
  const a = r.annulled;
  const text = `The LIMS sent a retraction of result ${result.resultId} that does not match it: ${r.mismatch}. Nothing was annulled: evaluation ${a?.evaluationId ?? '–'} (${a?.test ?? result.test} ${a?.value ?? '–'}${a?.lotId ? `, lot ${a.lotId}` : ''}) stands until QA has checked with the lab.`;
  deps.feed.notice({ roles: ['qa'] }, { id: `N-retraction-mismatch-${result.resultId}-${r.row.seq}`, level: 'warning', text, ...(a?.lotId ? { lot: a.lotId } : {}) });
  deps.notify({
    subject: `Retraction does not match result ${result.resultId}`, severity: 'warning', summary: text,
    facts: [{ name: 'Result', value: result.resultId }, { name: 'Evaluation', value: a?.evaluationId ?? '–' }, { name: 'Mismatch', value: r.mismatch ?? '' }],
  });
}

/** A retraction qloop could not process: nothing was annulled; QA checks the result with the lab. */
function failedNotice(deps: RetractionPublisherDeps, r: WrittenRetraction): void {
  const { result } = r.row;
  const text = `The LIMS retracted result ${result.resultId} (${result.test}, sample ${result.sampleId}), but qloop could not process the retraction: ${r.reason}. Its evaluation, alert and proposals stand as they were; QA checks the result with the lab and acts on them.`;
  deps.feed.notice({ roles: ['qa'] }, { id: `N-retraction-failed-${result.resultId}-${r.row.seq}`, level: 'error', text, ...(result.lotId ? { lot: result.lotId } : {}) });
  deps.notify({ subject: `Retraction of result ${result.resultId} could not be processed`, severity: 'critical', summary: text, facts: [{ name: 'Result', value: result.resultId }, { name: 'Inbox row', value: String(r.row.seq) }] });
}

/** What was undone and what still needs a person, in one line for the terminals. */
export function retractionNotice(r: WrittenRetraction): NoticeEvent {
  const { result } = r.row;
  const a = r.annulled;
  // The stored value is what was annulled (the retraction's own value may differ, or be missing).
  const value = a?.value ?? result.value;
  const amended = r.amendedTo !== undefined;
  const parts = [amended
    ? `The LIMS amended ${a?.test ?? result.test} ${value} to ${r.amendedTo} (result ${result.resultId}${a?.lotId ? `, lot ${a.lotId}` : ''}).`
    : `The LIMS retracted ${a?.test ?? result.test} ${value} (result ${result.resultId}${a?.lotId ? `, lot ${a.lotId}` : ''})${result.comment ? `: ${result.comment}` : ''}.`];
  parts.push(`Evaluation ${a?.evaluationId ?? '–'} is annulled.`);
  if (r.closedAlerts.length) parts.push(`${plural('Alert', r.closedAlerts.length)} ${r.closedAlerts.map((x) => x.event.id).join(', ')} closed.`);
  if (r.annotatedAlerts.length) parts.push(`${plural('Alert', r.annotatedAlerts.length)} ${r.annotatedAlerts.map((x) => x.event.id).join(', ')} stays open for the other results of the lot.`);
  if (r.superseded.length) parts.push(`${plural('Proposal', r.superseded.length)} ${r.superseded.map((p) => `${p.kind} ${p.id}`).join(', ')} superseded.`);
  for (const p of r.withdrawn) parts.push(`Approved ${p.kind} ${p.id} is withdrawn: it was not sent to ${p.kind === 'setpoint' ? 'the control layer' : 'the MES'}; QA decides again.`);
  for (const p of r.standing) parts.push(p.status === 'executed' ? `${p.kind} ${p.id} was executed and stands: QA decides whether to undo it.` : `${p.kind} ${p.id} was being sent when the result was retracted and may have reached ${p.kind === 'setpoint' ? 'the control layer' : 'the MES'}: it is not sent again; qloop reports what ${p.kind === 'setpoint' ? 'the control layer' : 'the MES'} shows, and QA decides whether to undo it.`);
  if (r.oosOpen) parts.push(`The OOS record of ${result.resultId} stays open until QA closes it with the investigation's conclusion.`);
  parts.push(amended ? 'The new value is evaluated next.' : 'The retest is evaluated when the LIMS sends it.');
  return { id: amended ? `N-amended-${result.resultId}-${r.row.seq}` : `N-retracted-${result.resultId}`, level: r.standing.length || r.withdrawn.length || r.oosOpen ? 'warning' : 'info', text: parts.join(' '), ...(a?.lotId ? { lot: a.lotId } : {}) };
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}
