// The widget's Markdown renderer in Chromium: the real DOM it builds from answers. Formatting
// works; HTML, script and unsafe links never become elements or live URLs, for hand-written
// attacks and for thousands of generated inputs (fast-check).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/paths';

interface Rendered {
  html: string;
  text: string;
  tags: string[];
  attributes: string[];
  hrefs: string[];
}

const ALLOWED_TAGS = new Set(['P', 'H3', 'H4', 'UL', 'OL', 'LI', 'DIV', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'PRE', 'CODE', 'BLOCKQUOTE', 'HR', 'BR', 'STRONG', 'EM', 'A', 'SPAN']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'target', 'rel', 'data-align', 'class', 'start']);
const BASE = 'http://qloop.plant.local:8080';

describe('safe Markdown rendering in the browser', { skip: !chromiumAvailable() && !process.env.CI ? 'chromium is not installed' : false }, () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    const bundle = await build({
      stdin: { contents: "import { renderMarkdown } from './markdown'; (window as any).renderMarkdown = renderMarkdown;", resolveDir: path.join(REPO_ROOT, 'client', 'widget'), loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      logLevel: 'silent',
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  });
  after(async () => {
    await browser?.close();
  });

  const render = (sources: string[]): Promise<Rendered[]> =>
    page.evaluate(
      ([list, base]) =>
        (list as string[]).map((source) => {
          const out = document.getElementById('out')!;
          out.replaceChildren((window as unknown as { renderMarkdown(s: string, b: string): DocumentFragment }).renderMarkdown(source, base as string));
          const all = [...out.querySelectorAll('*')];
          return {
            html: out.innerHTML,
            text: out.textContent ?? '',
            tags: all.map((e) => e.tagName),
            attributes: all.flatMap((e) => e.getAttributeNames()),
            hrefs: all.filter((e) => e.hasAttribute('href')).map((e) => e.getAttribute('href')!),
          };
        }),
      [sources, BASE] as const,
    );
  const one = async (source: string) => (await render([source]))[0]!;

  it('renders bold, italics, code, lists, tables, quotes and headings', async () => {
    const r = await one('### Result\n\nThe pH is **9.8** and *above* `USL`.\n\n3. stop filling\n4. call QA\n\n| Test | Value |\n|:--|--:|\n| pH | 9.8 |\n\n> see SOP-QC-002\n\n```\nraw <b>\n```');
    assert.deepEqual(r.tags.filter((t) => t !== 'DIV'), ['H4', 'P', 'STRONG', 'EM', 'CODE', 'OL', 'LI', 'LI', 'TABLE', 'THEAD', 'TR', 'TH', 'TH', 'TBODY', 'TR', 'TD', 'TD', 'BLOCKQUOTE', 'P', 'PRE', 'CODE']);
    assert.match(r.html, /<ol start="3">/);
    assert.match(r.html, /<td data-align="right">9\.8<\/td>/);
    assert.match(r.html, /<code>raw &lt;b&gt;<\/code>/);
  });

  it('keeps HTML and script as text', async () => {
    for (const source of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<iframe srcdoc="<script>1</script>">', '&lt;b&gt; &#60;img&#62;']) {
      const r = await one(source);
      assert.deepEqual(r.tags, ['P'], source);
      assert.equal(r.text, source);
    }
  });

  it('links only http(s) and relative URLs, resolved against the qloop server', async () => {
    const r = await render([
      '[sop](/docs/SOP-QC-001?page=3)',
      '[web](https://example.com/a?b=1)',
      '[js](javascript:alert(1))',
      '[js2](JaVaScRiPt:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '[vb](vbscript:msgbox)',
      '[cred](http://user:pw@example.com/)',
      '![img](https://example.com/x.png)',
    ]);
    assert.deepEqual(r[0]!.hrefs, [`${BASE}/docs/SOP-QC-001?page=3`]);
    assert.deepEqual(r[1]!.hrefs, ['https://example.com/a?b=1']);
    assert.match(r[1]!.html, /target="_blank" rel="noopener noreferrer"/);
    for (const refused of r.slice(2, 7)) {
      assert.deepEqual(refused.hrefs, [], refused.html);
      assert.ok(refused.tags.includes('SPAN'));
    }
    assert.equal(r[7]!.text, 'img');
    assert.ok(!r[7]!.tags.includes('IMG'));
  });

  it('never produces a foreign element, attribute or URL scheme, whatever the input', async () => {
    const piece = fc.oneof(
      fc.constantFrom('<', '>', '"', "'", '=', '`', '*', '**', '_', '[', ']', '(', ')', '|', '\n', '\n\n', '- ', '1. ', '> ', '```', '#', '!', '\\', ' ', 'javascript:', 'JAVA\tSCRIPT:', 'data:', 'http://x.test/', '/docs/a', 'onerror=', '<img src=x ', '<script>', '</script>', 'alert(1)', '&#x3C;', '|---|'),
      fc.string({ maxLength: 6 }),
    );
    const markdown = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
    const samples = fc.sample(markdown, { numRuns: 1500, seed: 20240503 });
    const results = await render(samples);
    results.forEach((r, i) => {
      for (const tag of r.tags) assert.ok(ALLOWED_TAGS.has(tag), `tag ${tag} from ${JSON.stringify(samples[i])}`);
      for (const name of r.attributes) assert.ok(ALLOWED_ATTRIBUTES.has(name), `attribute ${name} from ${JSON.stringify(samples[i])}`);
      for (const href of r.hrefs) assert.match(href, /^https?:\/\//, `href ${href} from ${JSON.stringify(samples[i])}`);
    });
  });
});
