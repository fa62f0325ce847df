// Serves the embeddable widget (/widget.js), the iframe mode (/embed) and the demo MES
// terminal page (/). Page settings travel as JSON in a non-executable script tag, so the
// CSP can forbid every inline script.
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request } from 'express';
import type { Role } from '../../domain/roles';
import type { MesAdapter } from '../../ports/mes';
import { CLIENT_DIR, clientBundle } from '../client-assets';

interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  lines: string[];
}

export interface ClientRouteDeps {
  /** Terminal the demo page shows when the URL names none. */
  defaultTerminal: string;
  /** MES origins allowed to frame /embed and to hand it a token by postMessage. */
  allowedOrigins?: readonly string[];
  /** In demo mode: the demo operator the page logs in as when no better one is known. */
  demoLogin?: { username: string; password: string };
  /** In demo mode: the published demo users, for the page's user switcher. */
  demoUsers?: readonly DemoAccount[];
  /** To find the line of the terminal a page shows (the right demo operator). */
  mes?: MesAdapter;
}

/** What a page's script reads from <script type="application/json" id="qloop-config">. */
export interface PageConfig {
  terminal: string;
  line?: string;
  allowedOrigins: string[];
  demo?: { username: string; password: string };
  demoUsers?: Array<{ username: string; password: string; role: Role; displayName: string }>;
}

const asset = (...parts: string[]) => fs.readFileSync(path.join(CLIENT_DIR, ...parts), 'utf8');

export function clientRoutes(deps: ClientRouteDeps): Router {
  const router = Router();
  const terminalPage = asset('terminal', 'index.html');
  const embedPage = asset('embed', 'index.html');
  const styles: Record<string, string> = { '/terminal.css': asset('terminal', 'terminal.css'), '/embed.css': asset('embed', 'embed.css') };
  const scripts: Record<string, string> = { '/widget.js': 'widget/index.ts', '/terminal.js': 'terminal/terminal.ts', '/embed.js': 'embed/embed.ts' };

  async function pageConfig(req: Request): Promise<PageConfig> {
    const terminal = typeof req.query.terminal === 'string' && req.query.terminal ? req.query.terminal : deps.defaultTerminal;
    const lines = deps.mes ? await deps.mes.listLines() : [];
    const line = lines.find((l) => l.terminals.some((t) => t.id === terminal))?.id;
    const users = deps.demoUsers ?? [];
    // The demo logs in as the operator of this terminal's line; QA and supervisor by the switcher.
    const operator = users.find((u) => u.role === 'operator' && line !== undefined && u.lines.includes(line));
    const login = operator ? { username: operator.username, password: operator.password } : deps.demoLogin;
    const switchable = users.filter((u) => u === operator || u.role === 'qa' || u.role === 'supervisor');
    return {
      terminal,
      ...(line ? { line } : {}),
      allowedOrigins: [...(deps.allowedOrigins ?? [])],
      ...(login ? { demo: login } : {}),
      ...(login && switchable.length ? { demoUsers: switchable.map(({ username, password, role, displayName }) => ({ username, password, role, displayName })) } : {}),
    };
  }

  const render = (page: string, config: PageConfig) =>
    // JSON inside <script type="application/json">: escape "<" so no text can close the tag.
    page.replace('__QLOOP_CONFIG__', JSON.stringify(config).replace(/</g, '\\u003c'));

  router.get('/', async (req, res) => {
    res.type('html').set('cache-control', 'no-store').send(render(terminalPage, await pageConfig(req)));
  });
  router.get('/embed', async (req, res) => {
    res.type('html').set('cache-control', 'no-store').send(render(embedPage, await pageConfig(req)));
  });
  const icon = asset('favicon.svg');
  router.get(['/favicon.svg', '/favicon.ico'], (_req, res) => void res.type('image/svg+xml').set('cache-control', 'max-age=86400').send(icon));
  for (const [route, css] of Object.entries(styles)) router.get(route, (_req, res) => void res.type('css').send(css));
  for (const [route, entry] of Object.entries(scripts)) {
    router.get(route, async (_req, res) => {
      // The widget is loaded by MES pages on other origins (and under COEP, needs CORP).
      if (route === '/widget.js') res.set('access-control-allow-origin', '*').set('cross-origin-resource-policy', 'cross-origin');
      res.type('js').set('cache-control', 'no-cache').send((await clientBundle(entry)).js);
    });
  }
  return router;
}
