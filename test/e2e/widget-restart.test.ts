// The widget across a server restart mid-answer: it reconnects by itself, says the answer in
// flight was lost (instead of "Working…" forever) and the conversation goes on. A short network
// blip is different: socket.io recovers the connection and the same answer finishes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { tempDir } from '../support/temp';
import { startRealtimeServer, type RealtimeTestServer } from './support/realtime-server';
import { askQuestion, openTerminal, screenshot, waitConnected } from './support/widget-page';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('widget across a server restart', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('marks the answer lost in the restart, reconnects, and answers the next question', async () => {
    const data = tempDir();
    const port = await freePort();
    // Both servers share the data folder: same users, same token key, as after a real restart.
    let server: RealtimeTestServer = await startRealtimeServer({ port, dataDir: data.dir });
    try {
      const { page, errors } = await openTerminal(browser, server.url);
      await askQuestion(page, 'Tell me something slow');
      const answer = page.locator('qloop-copilot .msg.assistant').last();
      await answer.locator('.body', { hasText: 'word5' }).waitFor({ timeout: 15_000 });
      await server.close();
      server = await startRealtimeServer({ port, dataDir: data.dir });
      await waitConnected(page);
      await answer.locator('.card-error', { hasText: 'lost when the connection to the server broke off' }).waitFor({ timeout: 15_000 });
      assert.equal(await answer.getAttribute('data-state'), 'error');
      assert.ok(await page.locator('qloop-copilot [data-action="stop"]').isHidden(), 'nothing left to stop');
      await screenshot(page, 'widget-answer-lost-in-restart');
      await askQuestion(page, "What's the pH result for lot 12345?");
      const next = page.locator('qloop-copilot .msg.assistant[data-state="done"]').last();
      await next.waitFor({ timeout: 15_000 });
      assert.match((await next.locator('.body').textContent()) ?? '', /7\.1/);
      assert.deepEqual(errors.filter((e) => !/ERR_CONNECTION_REFUSED|websocket/i.test(e)), []);
      await page.close();
    } finally {
      await server.close();
      data.remove();
    }
  });

  it('lets an answer finish across a short network blip (recovered connection)', async () => {
    const server = await startRealtimeServer();
    try {
      const { page } = await openTerminal(browser, server.url);
      await askQuestion(page, 'Tell me something slow');
      const answer = page.locator('qloop-copilot .msg.assistant').last();
      await answer.locator('.body', { hasText: 'word5' }).waitFor({ timeout: 15_000 });
      for (const socket of server.io.of('/copilot').sockets.values()) socket.conn.close();
      await page.locator('qloop-copilot .banner', { hasText: 'Connection lost' }).waitFor();
      await waitConnected(page);
      await answer.and(page.locator('qloop-copilot .msg.assistant[data-state="done"]')).waitFor({ timeout: 30_000 });
      assert.match((await answer.locator('.body').textContent()) ?? '', /word199/);
      assert.equal(await answer.locator('.card-error').count(), 0);
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
