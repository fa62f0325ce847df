// Serves the embeddable widget (/widget.js) and the demo MES terminal page (/).
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { CLIENT_DIR, clientBundle } from '../client-assets';

export interface ClientRouteDeps {
  /** Terminal the demo page shows when the URL names none. */
  defaultTerminal: string;
  /** In demo mode: the demo operator the page logs in as. */
  demoLogin?: { username: string; password: string };
}

export function clientRoutes(deps: ClientRouteDeps): Router {
  const router = Router();
  const page = fs.readFileSync(path.join(CLIENT_DIR, 'terminal', 'index.html'), 'utf8');
  const css = fs.readFileSync(path.join(CLIENT_DIR, 'terminal', 'terminal.css'), 'utf8');
  const config = { terminal: deps.defaultTerminal, ...(deps.demoLogin ? { demo: deps.demoLogin } : {}) };
  // JSON inside <script type="application/json">: escape "<" so no text can close the tag.
  const html = page.replace('__QLOOP_CONFIG__', JSON.stringify(config).replace(/</g, '\\u003c'));

  router.get('/', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(html);
  });
  router.get('/terminal.css', (_req, res) => {
    res.type('css').send(css);
  });
  router.get('/widget.js', async (_req, res) => {
    res.type('js').set('access-control-allow-origin', '*').send((await clientBundle('widget/index.ts')).js);
  });
  router.get('/terminal.js', async (_req, res) => {
    res.type('js').send((await clientBundle('terminal/terminal.ts')).js);
  });
  return router;
}
