// The copilot conversation in a real browser: log in on the demo terminal page, ask, watch
// the answer stream in with tool progress, then sources, a control chart and a table; an
// answer carrying HTML renders as text; keyboard only; the conversation survives a reload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { startRealtimeServer, type RealtimeTestServer } from './support/realtime-server';
import { askQuestion, openTerminal } from './support/widget-page';

describe('copilot widget: questions and answers', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
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

  it('logs in, asks a question and shows the streamed answer with sources, chart and table', async () => {
    const { page, errors, shot } = await openTerminal(browser, server.url);
    assert.match((await page.textContent('#user-name')) ?? '', /Operator Sam \(LINE-3\) · operator/);
    await askQuestion(page, "What's the pH result for lot 12345?");
    const answer = page.locator('qloop-copilot .msg.assistant').last();
    await answer.and(page.locator('[data-state="done"]')).waitFor();
    assert.match((await answer.locator('.body').textContent()) ?? '', /The final pH result for LOT-12345 is 7\.1/);
    assert.equal(await answer.locator('.body strong').first().textContent(), 'pH');
    assert.deepEqual(await answer.locator('.body table td').allTextContents(), ['S-05', '7.1', '6.5–7.5']);
    assert.equal(await answer.locator('.body li').count(), 2);
    const source = answer.locator('.sources a');
    assert.equal(await source.getAttribute('href'), `${server.url}/docs/SOP-QC-001?page=3`);
    assert.equal(await source.getAttribute('target'), '_blank');
    assert.equal(await source.textContent(), 'SOP-QC-001 — pH measurement and pH meter calibration (rev 04) (page 3)');
    // A LIMS record is a source but not a document: shown, not linked to /docs.
    assert.deepEqual(await answer.locator('.sources li').allTextContents(), ['SOP-QC-001 — pH measurement and pH meter calibration (rev 04) (page 3)', 'LIMS result R-700583 — pH of BATCH-2024-029-06']);
    assert.equal(await answer.locator('.sources li').nth(1).locator('a').count(), 0);
    assert.equal(await answer.locator('svg.chart circle.point').count(), 10);
    assert.equal(await answer.locator('svg.chart circle[data-flagged="true"]').count(), 1);
    assert.deepEqual((await answer.locator('svg.chart line.limit').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-limit')))).sort(), ['center', 'lcl', 'lsl', 'ucl', 'usl']);
    assert.match((await answer.locator('details.steps summary').textContent()) ?? '', /2 steps/);
    assert.deepEqual(await answer.locator('details.steps li').allTextContents(), ['Looking up LIMS results for LOT-12345', 'Searching SOPs for pH measurement']);
    await shot('widget-answer');
    // A long answer shows its text while it is still arriving.
    await askQuestion(page, 'a slow, long answer please');
    const streaming = page.locator('qloop-copilot .msg.assistant[data-state="streaming"] .body p');
    await streaming.waitFor();
    const partial = (await streaming.textContent()) ?? '';
    // The first delta may be just "word0": only that it starts there and is not finished yet.
    assert.match(partial, /^word0\b/);
    assert.doesNotMatch(partial, /word199/);
    await shot('widget-streaming');
    await page.locator('qloop-copilot .msg.assistant[data-state="done"] .body', { hasText: 'word199' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('renders an answer containing <img onerror> and <script> as text, and refuses javascript: links', async () => {
    const { page, errors, shot } = await openTerminal(browser, server.url, { terminal: 'T-L3-02', user: 'qa.ben' });
    await askQuestion(page, 'xss test');
    const answer = page.locator('qloop-copilot .msg.assistant[data-state="done"]').last();
    await answer.waitFor();
    const body = answer.locator('.body');
    assert.match((await body.textContent()) ?? '', /<img src=x onerror=/);
    assert.match((await body.textContent()) ?? '', /<script>/);
    assert.equal(await page.locator('qloop-copilot img').count(), 0, 'no img element');
    assert.equal(await page.locator('qloop-copilot .body script').count(), 0, 'no script element');
    assert.equal(await body.locator('a').count(), 0, 'the javascript: link is not a link');
    assert.match((await body.locator('.unsafe-link').textContent()) ?? '', /click/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await shot('widget-xss-as-text');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('is operable by keyboard alone: Tab to the question, Enter to ask, Escape to stop', async () => {
    const { page } = await openTerminal(browser, server.url, { terminal: 'T-L1-01' });
    await page.locator('qloop-copilot').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.querySelector('qloop-copilot')?.shadowRoot?.activeElement?.getAttribute('name') === 'q');
    }
    assert.ok(reached, 'Tab reaches the question field');
    await page.keyboard.type('a slow, long answer please');
    await page.keyboard.press('Enter');
    await page.locator('qloop-copilot .msg.assistant[data-state="streaming"] .body p').waitFor();
    assert.ok(await page.locator('qloop-copilot [data-action="stop"]').isVisible(), 'Stop is offered while streaming');
    await page.keyboard.press('Escape');
    await page.locator('qloop-copilot .msg.assistant[data-state="stopped"]').waitFor();
    assert.ok(await page.locator('qloop-copilot [data-action="stop"]').isHidden());
    await page.close();
  });

  it('keeps the conversation per user and terminal across a reload', async () => {
    const first = await openTerminal(browser, server.url, { terminal: 'T-L3-01', user: 'sup.maria' });
    await askQuestion(first.page, 'pH of lot 12345 again?');
    await first.page.locator('qloop-copilot .msg.assistant[data-state="done"]').last().waitFor();
    await first.page.reload();
    await first.page.locator('qloop-copilot .msg.user', { hasText: 'pH of lot 12345 again?' }).waitFor();
    assert.match((await first.page.locator('qloop-copilot .msg.assistant .body').last().textContent()) ?? '', /7\.1/);
    const elsewhere = await openTerminal(browser, server.url, { terminal: 'T-L1-01', user: 'sup.maria' });
    assert.equal(await elsewhere.page.locator('qloop-copilot .msg.user', { hasText: 'pH of lot 12345 again?' }).count(), 0, 'another terminal has its own conversation');
    await first.page.close();
    await elsewhere.page.close();
  });
});
