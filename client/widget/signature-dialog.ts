// The e-signature dialog (21 CFR 11.50, 11.200): a deliberate two-step action. Step 1 says
// what is being signed and asks for the meaning and a reason; step 2 asks for the password
// of the logged-in user (name prefilled, not editable); after signing it shows the manifest.
import type { DecidePayload, ProposalEvent, SessionUserView, SignatureManifest, WireError } from '../../server/realtime/contract';
import { when } from './alert-card';
import { el } from './dom';
import { proposalTitle } from './proposal-card';
import { format, type StringTable } from './strings';

export type DecideResult = { ok: true; proposal: ProposalEvent } | { ok: false; error: WireError };

export interface SignatureDialogHooks {
  strings: () => StringTable;
  lang: () => string;
  submit(payload: DecidePayload): Promise<DecideResult>;
}

export class SignatureDialog {
  readonly element: HTMLDialogElement;
  private opener: HTMLElement | undefined;

  constructor(private readonly hooks: SignatureDialogHooks) {
    this.element = el('dialog', { class: 'signature', attrs: { 'aria-modal': 'true' } });
    this.element.addEventListener('close', () => this.opener?.isConnected && this.opener.focus());
  }

  open(proposal: ProposalEvent, decision: 'approve' | 'reject', user: SessionUserView, opener?: HTMLElement): void {
    this.opener = opener;
    this.stepReview(proposal, decision, user, { meaning: '', reason: '' });
    if (!this.element.open) this.element.showModal();
  }

  private stepReview(proposal: ProposalEvent, decision: 'approve' | 'reject', user: SessionUserView, draft: { meaning: string; reason: string }): void {
    const s = this.hooks.strings();
    // The proposal flow names the meanings it accepts for this kind (21 CFR 11.50(a)(3)).
    const offered = proposal.meanings?.[decision]?.filter((m) => typeof m === 'string' && m.length > 0);
    const meanings = offered?.length ? offered : decision === 'approve' ? [s.meaningApprove, s.meaningReview] : [s.meaningReject];
    const meaning = el('select', { attrs: { name: 'meaning' } }, meanings.map((m) => el('option', { text: m, attrs: { value: m } })));
    if (draft.meaning && meanings.includes(draft.meaning)) meaning.value = draft.meaning;
    const reason = el('textarea', { attrs: { name: 'reason', rows: '3', maxlength: '2000', 'aria-required': 'true' } });
    reason.value = draft.reason;
    const error = this.errorLine();
    const form = el('form', { attrs: { method: 'dialog', 'data-step': 'review' } }, [
      this.heading(proposal, decision),
      el('p', { class: 'step', text: s.signStep1 }),
      proposal.summary ? el('p', { class: 'muted', text: proposal.summary }) : undefined,
      el('label', {}, [el('span', { text: s.signMeaning }), meaning]),
      el('label', {}, [el('span', { text: s.signReason }), reason, el('small', { class: 'muted', text: s.signReasonHint })]),
      error,
      el('div', { class: 'actions' }, [el('button', { class: 'primary', text: s.continue, attrs: { type: 'submit', 'data-action': 'continue' } }), this.cancelButton()]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!reason.value.trim()) return this.fail(error, s.reasonRequired, reason);
      this.stepSign(proposal, decision, user, { meaning: meaning.value, reason: reason.value.trim() });
    });
    this.show(form, reason);
  }

  private stepSign(proposal: ProposalEvent, decision: 'approve' | 'reject', user: SessionUserView, draft: { meaning: string; reason: string }): void {
    const s = this.hooks.strings();
    const username = el('input', { attrs: { name: 'username', readonly: '', autocomplete: 'username' } });
    username.value = user.username;
    const password = el('input', { attrs: { name: 'password', type: 'password', 'aria-required': 'true', autocomplete: 'current-password' } });
    const error = this.errorLine();
    const sign = el('button', { class: decision === 'approve' ? 'primary approve' : 'primary reject', text: decision === 'approve' ? s.signApprove : s.signReject, attrs: { type: 'submit', 'data-action': 'sign' } });
    const back = el('button', { class: 'secondary', text: s.back, attrs: { type: 'button', 'data-action': 'back' } });
    back.addEventListener('click', () => this.stepReview(proposal, decision, user, draft));
    const form = el('form', { attrs: { method: 'dialog', 'data-step': 'sign' } }, [
      this.heading(proposal, decision),
      el('p', { class: 'step', text: s.signStep2 }),
      el('dl', { class: 'facts' }, [el('dt', { text: s.signedMeaning }), el('dd', { text: draft.meaning }), el('dt', { text: s.signedReason }), el('dd', { text: draft.reason })]),
      el('label', {}, [el('span', { text: s.signUser }), username]),
      el('label', {}, [el('span', { text: s.signPassword }), password]),
      el('p', { class: 'statement', text: format(s.signStatement, { name: user.displayName }) }),
      error,
      el('div', { class: 'actions' }, [sign, back, this.cancelButton()]),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!password.value) return this.fail(error, s.passwordRequired, password);
      sign.disabled = back.disabled = true;
      sign.textContent = s.signing;
      const result = await this.hooks.submit({ proposalId: proposal.id, decision, signature: { username: user.username, password: password.value, meaning: draft.meaning, reason: draft.reason } });
      password.value = '';
      if (!result.ok) {
        sign.disabled = back.disabled = false;
        sign.textContent = decision === 'approve' ? s.signApprove : s.signReject;
        return this.fail(error, result.error.message, password);
      }
      this.stepManifest(result.proposal, user, draft);
    });
    this.show(form, password);
  }

  private stepManifest(proposal: ProposalEvent, user: SessionUserView, draft: { meaning: string; reason: string }): void {
    const s = this.hooks.strings();
    // The server's manifest when it sends one; otherwise what was signed, as acknowledged.
    const manifest: SignatureManifest =
      [...(proposal.signatures ?? [])].reverse().find((sig) => sig.username === user.username) ??
      { username: user.username, signedBy: user.displayName, signedAt: new Date().toISOString(), meaning: draft.meaning, reason: draft.reason };
    const close = el('button', { class: 'primary', text: s.close, attrs: { type: 'submit', 'data-action': 'close' } });
    const form = el('form', { attrs: { method: 'dialog', 'data-step': 'manifest' } }, [
      el('h2', { text: `${s.signedTitle}: ${proposalTitle(proposal)}` }),
      el('dl', { class: 'facts manifest' }, [
        el('dt', { text: s.signedBy }), el('dd', { text: `${manifest.signedBy} (${manifest.username})` }),
        el('dt', { text: s.signedAt }), el('dd', { text: `${when(manifest.signedAt, this.hooks.lang())} (${manifest.signedAt})` }),
        el('dt', { text: s.signedMeaning }), el('dd', { text: manifest.meaning }),
        el('dt', { text: s.signedReason }), el('dd', { text: manifest.reason ?? draft.reason }),
        el('dt', { text: s.signedStatus }), el('dd', { text: proposal.status }),
      ]),
      el('div', { class: 'actions' }, [close]),
    ]);
    this.show(form, close);
  }

  private heading(proposal: ProposalEvent, decision: 'approve' | 'reject'): HTMLElement {
    const s = this.hooks.strings();
    return el('h2', { text: format(decision === 'approve' ? s.signTitleApprove : s.signTitleReject, { title: proposalTitle(proposal) }) });
  }

  private cancelButton(): HTMLButtonElement {
    const cancel = el('button', { class: 'secondary', text: this.hooks.strings().cancel, attrs: { type: 'button', 'data-action': 'cancel' } });
    cancel.addEventListener('click', () => this.element.close());
    return cancel;
  }

  private errorLine(): HTMLElement {
    const error = el('p', { class: 'card-error', attrs: { role: 'alert' } });
    error.hidden = true;
    return error;
  }

  private fail(error: HTMLElement, message: string, focus: HTMLElement): void {
    error.textContent = message;
    error.hidden = false;
    focus.focus();
  }

  private show(form: HTMLFormElement, focus: HTMLElement): void {
    this.element.replaceChildren(form);
    queueMicrotask(() => focus.focus());
  }
}
