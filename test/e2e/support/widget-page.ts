// Opens the demo terminal page (or any page with the widget) in Chromium and waits for the
// widget's socket; collects page errors; saves screenshots to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from '../../support/paths';

export interface WidgetPage {
  page: Page;
  errors: string[];
  shot(name: string): Promise<void>;
}

export async function openTerminal(browser: Browser, url: string, query: Record<string, string> = {}): Promise<WidgetPage> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  const search = new URLSearchParams(query).toString();
  await page.goto(`${url}/${search ? `?${search}` : ''}`);
  await waitConnected(page);
  return { page, errors, shot: (name) => screenshot(page, name) };
}

export async function waitConnected(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('qloop-copilot') as (Element & { connectionState?: string }) | null)?.connectionState === 'connected', undefined, { timeout: 20_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

/** Types a question the way an operator does: focus, type, Enter. */
export async function askQuestion(page: Page, text: string): Promise<void> {
  const input = page.locator('qloop-copilot input[name="q"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Switches the demo page to another demo user and waits for the widget to reconnect as them. */
export async function switchUser(page: Page, username: string, displayName: string): Promise<void> {
  await page.selectOption('#user-select', username);
  await page.locator('qloop-copilot .who', { hasText: displayName }).waitFor({ timeout: 20_000 });
  await waitConnected(page);
}
