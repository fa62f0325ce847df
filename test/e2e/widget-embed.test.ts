// Embedding on another origin, as an MES screen does: the one-line script tag (themed with
// CSS variables) and the /embed iframe with the token in the fragment or by postMessage.
// Origins outside QLOOP_ALLOWED_ORIGINS can neither open sockets nor frame the widget.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { phAlert, startRealtimeServer, type RealtimeTestServer } from './support/realtime-server';
import { screenshot } from './support/widget-page';

/** A stand-in MES web server on its own origin, serving host pages that embed qloop. */
async function startMesHost(pages: (qloop: string, query: URLSearchParams) => Record<string, string>): Promise<{ origin: string; close(): Promise<void>; setQloop(url: string): void }> {
  let qloop = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const body = pages(qloop, url.searchParams)[url.pathname];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://localhost:${port}`, setQloop: (url) => (qloop = url), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const hostPages = (qloop: string, q: URLSearchParams): Record<string, string> => ({
  '/script.html': `<!doctype html><html><head><style>qloop-copilot { --qloop-accent: rgb(255, 0, 128); height: 600px; display: flex; }</style>
    <script src="${qloop}/widget.js"></script></head><body><h1>Opcenter POD</h1>
    <qloop-copilot server="${qloop}" token="${q.get('token')}" terminal="T-L3-01"></qloop-copilot></body></html>`,
  '/iframe.html': `<!doctype html><html><body><h1>SAP DM POD</h1>
    <iframe id="qloop" title="qloop" style="width:480px;height:700px;border:0" src="${qloop}/embed?terminal=T-L3-01${q.get('token') ? `#token=${q.get('token')}` : ''}"></iframe></body></html>`,
});

describe('embedding the widget in an MES screen', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
  let server: RealtimeTestServer;
  let browser: Browser;
  let allowedHost: Awaited<ReturnType<typeof startMesHost>>;
  let strangerHost: Awaited<ReturnType<typeof startMesHost>>;
  before(async () => {
    allowedHost = await startMesHost(hostPages);
    strangerHost = await startMesHost(hostPages);
    server = await startRealtimeServer({ allowedOrigins: [allowedHost.origin] });
    const qloop = server.url.replace('127.0.0.1', '127.0.0.1');
    allowedHost.setQloop(qloop);
    strangerHost.setQloop(qloop);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await allowedHost?.close();
    await strangerHost?.close();
  });

  const state = (target: Page | Frame) => target.evaluate(() => (document.querySelector('qloop-copilot') as (Element & { connectionState?: string }) | null)?.connectionState);
  const waitConnected = (target: Page | Frame) => target.waitForFunction(() => (document.querySelector('qloop-copilot') as (Element & { connectionState?: string }) | null)?.connectionState === 'connected', undefined, { timeout: 20_000 });

  it('works with one script tag on an allowed MES origin, themed by CSS variables', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.goto(`${allowedHost.origin}/script.html?token=${token}`);
    await waitConnected(page);
    server.store.raise(phAlert('A-embed-1'));
    await page.locator('qloop-copilot [data-alert-id="A-embed-1"]').waitFor();
    const accent = await page.locator('qloop-copilot form.ask button[type="submit"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(accent, 'rgb(255, 0, 128)');
    const height = await page.locator('qloop-copilot form.ask button[type="submit"]').evaluate((b) => b.getBoundingClientRect().height);
    assert.ok(height >= 48, `touch target ${height}px`);
    await screenshot(page, 'embed-script-tag');
    // Translation: a registered table for the element's lang, then per-element overrides.
    const ask = page.locator('qloop-copilot form.ask button[type="submit"]');
    await page.evaluate(() => {
      (window as unknown as { QloopCopilot: { registerStrings(lang: string, table: object): void } }).QloopCopilot.registerStrings('de', { send: 'Fragen', connected: 'Verbunden' });
      (document.querySelector('qloop-copilot') as HTMLElement).lang = 'de';
    });
    assert.equal(await ask.textContent(), 'Fragen');
    assert.equal(await page.locator('qloop-copilot .state .label').textContent(), 'Verbunden');
    await page.evaluate(() => ((document.querySelector('qloop-copilot') as unknown as { strings: object }).strings = { send: 'Poser' }));
    assert.equal(await ask.textContent(), 'Poser');
    await page.close();
  });

  it('refuses sockets from an origin that is not allowed', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { qloopStates: Array<{ state: string; detail?: string }> };
      w.qloopStates = [];
      document.addEventListener('qloop-state', (e) => w.qloopStates.push((e as CustomEvent<{ state: string; detail?: string }>).detail));
    });
    await page.goto(`${strangerHost.origin}/script.html?token=${token}`);
    await page.waitForFunction(() => (window as unknown as { qloopStates: Array<{ detail?: string }> }).qloopStates.some((s) => s.detail), undefined, { timeout: 20_000 });
    assert.notEqual(await state(page), 'connected');
    const states = await page.evaluate(() => (window as unknown as { qloopStates: Array<{ state: string }> }).qloopStates.map((s) => s.state));
    assert.ok(!states.includes('connected'));
    await page.close();
  });

  it('runs in an iframe on an allowed origin, with the token in the fragment', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.goto(`${allowedHost.origin}/iframe.html?token=${token}`);
    const frame = await (await page.waitForSelector('iframe#qloop')).contentFrame();
    assert.ok(frame);
    await waitConnected(frame);
    assert.doesNotMatch(frame.url(), /token=/, 'the token is removed from the frame URL');
    await screenshot(page, 'embed-iframe');
    await page.close();
  });

  it('takes a token by postMessage from the allowed parent', async () => {
    const token = await server.login('qa.anna', 'Quality-Demo-1');
    const page = await browser.newPage();
    await page.goto(`${allowedHost.origin}/iframe.html`);
    const frame = await (await page.waitForSelector('iframe#qloop')).contentFrame();
    assert.ok(frame);
    await frame.waitForFunction(() => document.readyState === 'complete');
    await page.evaluate(([t, origin]) => (document.getElementById('qloop') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'qloop:token', token: t }, origin!), [token, new URL(server.url).origin]);
    await frame.locator('qloop-copilot .who', { hasText: 'Anna Novak (QA)' }).waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('cannot be framed by an origin that is not allowed (CSP frame-ancestors)', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const page = await browser.newPage();
    const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 20_000 });
    await page.goto(`${strangerHost.origin}/iframe.html?token=${token}`);
    await blocked;
    const frame = await (await page.waitForSelector('iframe#qloop')).contentFrame();
    const widget = await frame?.evaluate(() => !!document.querySelector('qloop-copilot')).catch(() => false);
    assert.equal(widget ?? false, false);
    await page.close();
  });

  it('serves pages with a CSP that forbids inline script and inline style', async () => {
    for (const path of ['/', '/embed']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, new RegExp(`frame-ancestors 'self' ${allowedHost.origin}`));
      const html = await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*(src=|type="application\/json"))/, `${path} has no inline script`);
    }
  });
});
