// The widget against the real services wired in main.ts (no fakes): the copilot agent
// answering a question, and the watcher turning the reference lab result into an alert and
// a hold proposal that QA approves with an e-signature. Each part is skipped, saying why,
// while that service is not wired into the server yet.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { askQuestion, openTerminal, screenshot, switchUser } from './support/widget-page';

const REFERENCE_RESULT = { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: 'R-778812', unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z' };

describe('copilot widget with the real services', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('answers a question with the real copilot agent', async (t) => {
    const { page, errors } = await openTerminal(browser, server.url);
    const banner = (await page.locator('qloop-copilot .banner').textContent()) ?? '';
    if (/not available/.test(banner)) return t.skip('the copilot agent is not wired into main.ts yet');
    await askQuestion(page, "What's the pH result for lot 12345?");
    const answer = page.locator('qloop-copilot .msg.assistant[data-state="done"], qloop-copilot .msg.assistant[data-state="error"]').last();
    await answer.waitFor({ timeout: 60_000 });
    assert.equal(await answer.getAttribute('data-state'), 'done', (await answer.textContent()) ?? '');
    assert.ok(((await answer.locator('.body').textContent()) ?? '').trim().length > 0);
    for (const href of await answer.locator('.sources a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) assert.match(href, /\/docs\/[^/?]+(\?page=\d+)?$/);
    await screenshot(page, 'real-copilot-answer');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows the watcher alert and hold proposal for the reference result, and QA signs the hold', async (t) => {
    const operator = await openTerminal(browser, server.url);
    const posted = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REFERENCE_RESULT) });
    if (posted.status === 404) return t.skip('the LIMS webhook and watcher are not wired into main.ts yet');
    assert.ok(posted.ok, `webhook answered ${posted.status}: ${await posted.text()}`);
    const alert = operator.page.locator('qloop-copilot .card.alert', { hasText: 'LOT-XYZ789' }).first();
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.locator('.value').textContent()) ?? '', /9\.8/);
    const proposal = operator.page.locator('qloop-copilot .card.proposal[data-proposal-id]', { has: operator.page.locator('h3', { hasText: /^Hold LOT-XYZ789/ }) }).first();
    await proposal.waitFor({ timeout: 30_000 });
    assert.equal(await operator.page.locator('qloop-copilot [data-action="approve"]').count(), 0, 'an operator never sees approve');
    await screenshot(operator.page, 'real-watcher-alert');
    await switchUser(operator.page, 'qa.anna', 'Anna Novak (QA)');
    const qaProposal = operator.page.locator('qloop-copilot .card.proposal[data-proposal-id]', { has: operator.page.locator('h3', { hasText: /^Hold LOT-XYZ789/ }) }).first();
    await qaProposal.locator('[data-action="approve"]').click();
    const dialog = operator.page.locator('qloop-copilot dialog.signature');
    await dialog.locator('textarea[name="reason"]').fill('Confirmed OOS pH 9.8 > 7.5 (reference example); hold per SOP-QA-010');
    await dialog.locator('[data-action="continue"]').click();
    await dialog.locator('input[name="password"]').fill('Quality-Demo-1');
    await dialog.locator('[data-action="sign"]').click();
    await dialog.locator('[data-step="manifest"]').waitFor({ timeout: 30_000 });
    const manifest = (await dialog.locator('dl.manifest').textContent()) ?? '';
    assert.match(manifest, /Anna Novak/);
    assert.match(manifest, /Approve hold/);
    await screenshot(operator.page, 'real-signed-hold');
    await operator.page.close();
  });
});
