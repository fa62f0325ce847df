// Alerts and proposals in a real browser: an alert arrives while the terminal is idle, is
// acknowledged or shelved; an operator never sees approve; QA approves a hold through the
// two-step e-signature dialog; a dropped connection shows a banner, queues questions and
// brings the missed alerts back once, after the reconnect.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { holdProposal, phAlert, startRealtimeServer, type RealtimeTestServer } from './support/realtime-server';
import { askQuestion, openTerminal, screenshot, switchUser } from './support/widget-page';

describe('copilot widget: alerts, proposals and e-signatures', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
  let server: RealtimeTestServer;
  let browser: Browser;
  before(async () => {
    server = await startRealtimeServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const card = (page: Page, id: string) => page.locator(`qloop-copilot [data-alert-id="${id}"]`);
  const proposalCard = (page: Page, id: string) => page.locator(`qloop-copilot [data-proposal-id="${id}"]`);

  it('shows an alert that arrives while the terminal is idle, and lets the operator acknowledge it', async () => {
    const { page, errors, shot } = await openTerminal(browser, server.url);
    await page.evaluate(() => {
      const w = window as unknown as { hostAlerts: string[] };
      w.hostAlerts = [];
      document.addEventListener('qloop-alert', (e) => w.hostAlerts.push((e as CustomEvent<{ alert: { id: string } }>).detail.alert.id));
    });
    server.store.raise(phAlert('A-idle-1'));
    const alert = card(page, 'A-idle-1');
    await alert.waitFor();
    assert.match((await alert.getAttribute('class')) ?? '', /sev-critical/);
    assert.equal(await alert.locator('.badge').textContent(), 'Critical');
    assert.equal(await alert.locator('.value').textContent(), '9.8');
    assert.match((await alert.locator('.spec').textContent()) ?? '', /6\.5–7\.5/);
    assert.equal(await alert.locator('svg.chart circle[data-flagged="true"]').count(), 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { hostAlerts: string[] }).hostAlerts), ['A-idle-1']);
    assert.equal(await alert.locator('[data-action="shelve"]').count(), 0, 'operators acknowledge; shelving is for supervisors and QA');
    await shot('widget-alert-idle');
    await alert.locator('[data-action="acknowledge"]').click();
    await alert.waitFor({ state: 'detached' });
    await page.locator('qloop-copilot .msg.system', { hasText: 'LOT-XYZ789 · pH: Acknowledged by Operator Sam (LINE-3)' }).waitFor();
    assert.equal(server.store.alerts.get('A-idle-1')?.status, 'acknowledged');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('lets a supervisor shelve an alert, only with a reason', async () => {
    const { page } = await openTerminal(browser, server.url, { user: 'sup.maria' });
    server.store.raise(phAlert('A-shelf-1', { severity: 'warning', test: 'VISC', value: 1510, unit: 'mPa·s', spec: '1500–2500' }));
    const alert = card(page, 'A-shelf-1');
    await alert.locator('[data-action="shelve"]').click();
    await alert.locator('.shelve-form button[type="submit"]').click();
    assert.equal(await alert.locator('.card-error').textContent(), 'Enter a reason.');
    await alert.locator('.shelve-form input[name="reason"]').fill('Viscometer being recalibrated, result re-measured at 11:00');
    await alert.locator('.shelve-form select').selectOption('2');
    await alert.locator('.shelve-form button[type="submit"]').click();
    await alert.waitFor({ state: 'detached' });
    assert.equal(server.store.alerts.get('A-shelf-1')?.status, 'shelved');
    await page.close();
  });

  it('never shows approve or reject to an operator, nor to a supervisor on a quality decision', async () => {
    server.store.propose(holdProposal('P-quality-1'));
    server.store.propose(holdProposal('P-ops-1', { kind: 'setpoint', title: 'Agitator TK-07 120 → 130 rpm', authority: 'operational', proposedBy: 'eng.tom' }));
    const { page, shot } = await openTerminal(browser, server.url);
    await proposalCard(page, 'P-quality-1').waitFor();
    await proposalCard(page, 'P-ops-1').waitFor();
    assert.equal(await page.locator('qloop-copilot [data-action="approve"]').count(), 0);
    assert.equal(await page.locator('qloop-copilot [data-action="reject"]').count(), 0);
    assert.equal(await proposalCard(page, 'P-quality-1').locator('.hint').textContent(), 'Awaiting a decision by QA.');
    await proposalCard(page, 'P-quality-1').scrollIntoViewIfNeeded();
    await shot('widget-operator-proposal');
    await switchUser(page, 'sup.maria', 'Maria Keller (Supervisor)');
    await proposalCard(page, 'P-ops-1').locator('[data-action="approve"]').waitFor();
    assert.equal(await proposalCard(page, 'P-quality-1').locator('[data-action="approve"]').count(), 0, 'quality decisions are QA only');
    await page.close();
  });

  it('lets QA approve a hold through the two-step e-signature dialog, and shows the manifest', async () => {
    server.store.propose(holdProposal('P-sign-1', { lot: 'LOT-XYZ789', title: 'Hold LOT-XYZ789 (signature test)' }));
    const operator = await openTerminal(browser, server.url, { terminal: 'T-L3-02' });
    await proposalCard(operator.page, 'P-sign-1').waitFor();
    const { page, errors, shot } = await openTerminal(browser, server.url);
    await switchUser(page, 'qa.anna', 'Anna Novak (QA)');
    await proposalCard(page, 'P-sign-1').locator('[data-action="approve"]').click();
    const dialog = page.locator('qloop-copilot dialog.signature');
    await dialog.locator('[data-step="review"]').waitFor();
    await dialog.locator('[data-action="continue"]').click();
    assert.equal(await dialog.locator('.card-error').textContent(), 'Enter a reason.');
    await dialog.locator('textarea[name="reason"]').fill('Confirmed OOS: pH 9.8 above 7.5; hold per SOP-QA-010');
    await shot('widget-sign-step1');
    await dialog.locator('[data-action="continue"]').click();
    const user = dialog.locator('input[name="username"]');
    assert.equal(await user.inputValue(), 'qa.anna');
    assert.equal(await user.getAttribute('readonly'), '');
    await dialog.locator('input[name="password"]').fill('not-my-password');
    await dialog.locator('[data-action="sign"]').click();
    await dialog.locator('.card-error', { hasText: 'wrong user name or password' }).waitFor();
    assert.equal(server.decisions.decided.length, 0);
    await dialog.locator('input[name="password"]').fill('Quality-Demo-1');
    await shot('widget-sign-step2');
    await dialog.locator('[data-action="sign"]').click();
    const manifest = dialog.locator('[data-step="manifest"] dl.manifest');
    await manifest.waitFor();
    const facts = await manifest.locator('dd').allTextContents();
    assert.equal(facts[0], 'Anna Novak (QA) (qa.anna)');
    assert.equal(facts[2], 'Approve hold', 'the meaning offered by the proposal flow');
    assert.equal(facts[3], 'Confirmed OOS: pH 9.8 above 7.5; hold per SOP-QA-010');
    assert.equal(facts[4], 'approved');
    await shot('widget-sign-manifest');
    await dialog.locator('[data-action="close"]').click();
    assert.equal(await dialog.evaluate((d) => (d as HTMLDialogElement).open), false);
    await proposalCard(page, 'P-sign-1').waitFor({ state: 'detached' });
    await proposalCard(operator.page, 'P-sign-1').waitFor({ state: 'detached' });
    assert.equal(server.decisions.decided.at(-1)?.signature.username, 'qa.anna');
    assert.deepEqual(errors.filter((e) => !/401/.test(e)), []);
    await page.close();
    await operator.page.close();
  });

  it('shows a banner when the connection drops, queues questions, and brings back missed alerts once', async () => {
    const { page, shot } = await openTerminal(browser, server.url, { terminal: 'T-L3-02' });
    server.store.raise(phAlert('A-before-drop', { test: 'DENS', value: 1.24, spec: '1.10–1.20', unit: 'g/mL' }));
    await card(page, 'A-before-drop').waitFor();
    // Offline in the browser (no reconnect can get through), and the open socket cut.
    await page.context().setOffline(true);
    for (const socket of server.io.of('/copilot').sockets.values()) if (socket.data.terminal === 'T-L3-02') socket.conn.close();
    const banner = page.locator('qloop-copilot .banner');
    await banner.filter({ hasText: 'Connection lost' }).waitFor();
    server.store.raise(phAlert('A-missed-1', { test: 'VISC', value: 2710, unit: 'mPa·s', spec: '1500–2500' }));
    server.store.raise(phAlert('A-missed-2', { test: 'ASSAY-SUS', value: 93.2, unit: '%', spec: '95.0–105.0' }), { push: false });
    await askQuestion(page, "What's the pH result for lot 12345?");
    await page.locator('qloop-copilot .msg.user.queued').waitFor();
    await shot('widget-offline');
    await page.context().setOffline(false);
    await card(page, 'A-missed-1').waitFor({ timeout: 30_000 });
    await card(page, 'A-missed-2').waitFor();
    await page.locator('qloop-copilot .msg.user.queued').waitFor({ state: 'detached' });
    await page.locator('qloop-copilot .msg.assistant[data-state="done"]').last().waitFor();
    assert.ok(await banner.isHidden());
    for (const id of ['A-before-drop', 'A-missed-1', 'A-missed-2']) assert.equal(await card(page, id).count(), 1, `${id} shown once`);
    await screenshot(page, 'widget-reconnected');
    await page.close();
  });
});
