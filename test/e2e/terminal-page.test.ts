// The demo terminal page in headless Chromium: logs in as the demo operator, shows live MES
// data, and the docked widget connects; its "Post lab result" button records the reference
// result into the simulated LIMS, so the alert and the copilot agree. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { ARTIFACTS_DIR } from '../support/paths';
import { startTestServer, type TestServer } from '../support/server';
import { askQuestion, openTerminal, switchUser } from './support/widget-page';

describe('demo terminal page', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed (run .ci/run or apt-get install chromium)' : false }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the line, work order and lot, with the copilot widget connected', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (document.querySelector('qloop-copilot') as (Element & { connectionState?: string }) | null)?.connectionState === 'connected', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById('wo-id')?.textContent === 'WO-1001', undefined, { timeout: 15_000 });
    assert.equal(await page.textContent('#lot-id'), 'LOT-XYZ789');
    assert.match((await page.textContent('#line-name')) ?? '', /Line 3/);
    const label = await page.evaluate(() => document.querySelector('qloop-copilot')?.shadowRoot?.querySelector('.state .label')?.textContent);
    assert.equal(label, 'Connected');
    const banner = await page.evaluate(() => document.querySelector('qloop-copilot')?.shadowRoot?.querySelector('.banner')?.textContent ?? '');
    const answers = await page.evaluate(() => document.querySelector('qloop-copilot')?.shadowRoot?.querySelectorAll('.msg.assistant').length);
    assert.equal(answers, 0, 'the widget must not show answers nobody asked for');
    assert.ok(banner === '' || /not available/.test(banner));
    assert.ok((await page.locator('#equipment tr').count()) > 0, 'equipment rows from the MES');
    // The demo user switcher: the line's operator, the supervisor and QA (to sign a hold).
    assert.ok(await page.locator('#switcher').isVisible());
    assert.deepEqual(await page.locator('#user-select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['op.line3', 'sup.maria', 'qa.anna', 'qa.ben']);
    assert.equal(await page.locator('#user-select').inputValue(), 'op.line3');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'terminal-page.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('records the demo lab result into the LIMS: the alert shows pH 9.8 and the copilot answers 9.8 from the LIMS', async () => {
    const { page, errors, shot } = await openTerminal(browser, server.url);
    const ask = async (question: string) => {
      const before = await page.locator('qloop-copilot .msg.assistant').count();
      await askQuestion(page, question);
      // Earlier answers are all finished: the next finished one is this question's.
      const answer = page.locator('qloop-copilot .msg.assistant:is([data-state="done"], [data-state="error"])').nth(before);
      await answer.waitFor({ timeout: 30_000 });
      return answer;
    };
    // Before: the LIMS has the pH analysis open, and the copilot says so.
    const pending = await ask("What's the pH result for lot LOT-XYZ789?");
    assert.match((await pending.locator('.body').textContent()) ?? '', /pending/i);

    await page.click('#post-result');
    await page.locator('#demo-status', { hasText: /Recorded R-778812/ }).waitFor({ timeout: 30_000 });
    const alert = page.locator('qloop-copilot .card.alert', { hasText: 'LOT-XYZ789' }).first();
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.locator('.value').textContent()) ?? '', /9\.8/);
    // The long guidance (spec, SPC and trend statistics) folds to three lines; Show more unfolds it.
    const more = alert.locator('[data-action="more"]');
    assert.equal(await alert.locator('.guidance.folded').count(), 1);
    await more.click();
    assert.equal(await alert.locator('.guidance.folded').count(), 0);
    assert.equal(await more.getAttribute('aria-expanded'), 'true');

    const answer = await ask("What's the pH result for lot LOT-XYZ789?");
    assert.equal(await answer.getAttribute('data-state'), 'done', (await answer.textContent()) ?? '');
    const body = (await answer.locator('.body').textContent()) ?? '';
    assert.match(body, /9\.8/, body);
    assert.doesNotMatch(body, /pending/i, body);
    assert.doesNotMatch(body, /Sources:/, 'the sources are listed once, under the answer');
    assert.match(body, /A hold proposal for LOT-XYZ789 \(.+\) is already waiting for a decision by QA/, 'the watcher already proposed the hold');
    const sources = (await answer.locator('.sources li').allTextContents()).join(' | ');
    assert.match(sources, /LIMS result R-778812/, `the answer cites the LIMS record: ${sources}`);

    // A second click records nothing new and says so.
    await page.click('#post-result');
    await page.locator('#demo-status', { hasText: /already holds R-778812/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('qloop-copilot .card.alert', { hasText: 'LOT-XYZ789' }).count(), 1, 'one alert, not two');
    await shot('terminal-demo-result');

    // QA signs the hold; once the MES has carried it out, the terminal's lot panel shows it.
    assert.match((await page.textContent('#lot-detail')) ?? '', /In-Process/);
    await switchUser(page, 'qa.anna', 'Anna Novak (QA)');
    const hold = page.locator('qloop-copilot .card.proposal[data-proposal-id]', { has: page.locator('h3', { hasText: /^Hold LOT-XYZ789/ }) }).first();
    await hold.locator('[data-action="approve"]').click();
    const dialog = page.locator('qloop-copilot dialog.signature');
    await dialog.locator('textarea[name="reason"]').fill('Confirmed OOS pH 9.8 > 7.5; hold per SOP-QA-010');
    await dialog.locator('[data-action="continue"]').click();
    await dialog.locator('input[name="password"]').fill('Quality-Demo-1');
    await dialog.locator('[data-action="sign"]').click();
    await dialog.locator('[data-step="manifest"]').waitFor({ timeout: 30_000 });
    await dialog.locator('[data-action="close"]').click();
    await page.locator('#lot-detail', { hasText: 'Restricted' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
