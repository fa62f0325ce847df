// The iframe mode (/embed?terminal=T-L3-01): hosts the widget for MES screens that can only
// show a URL. The token comes in the URL fragment (#token=…, never sent to a server) or by
// postMessage from an allowed MES origin; widget events go back to that origin only.
import type { PageConfig } from '../../server/http/routes/client';

const config = JSON.parse(document.getElementById('qloop-config')?.textContent ?? '{}') as PageConfig;
const params = new URLSearchParams(window.location.search);
const widget = document.getElementById('copilot')!;
const allowed = new Set(config.allowedOrigins);
const parentOrigin = (() => {
  try {
    const origin = document.referrer ? new URL(document.referrer).origin : undefined;
    return origin && allowed.has(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
})();

function tell(type: string, detail: unknown): void {
  if (window.parent === window) return;
  // Only to an allowed origin: alerts carry lot numbers and results.
  const targets = parentOrigin ? [parentOrigin] : [...allowed].filter((o) => o !== '*');
  for (const origin of targets) window.parent.postMessage({ source: 'qloop', type, detail }, origin);
}

let tokenGiven = false;

function useToken(token: string, given = true): void {
  // A token from the fragment or the MES always wins over the demo login, whichever lands last.
  if (!given && tokenGiven) return;
  tokenGiven ||= given;
  widget.setAttribute('token', token);
}

const terminal = params.get('terminal') ?? config.terminal;
if (terminal) widget.setAttribute('terminal', terminal);
const line = params.get('line');
if (line) widget.setAttribute('line', line);
const lang = params.get('lang');
if (lang) widget.setAttribute('lang', lang);

window.addEventListener('message', (event: MessageEvent) => {
  if (!allowed.has(event.origin) || event.source !== window.parent) return;
  const message = event.data as { type?: string; token?: unknown } | null;
  if (message?.type === 'qloop:token' && typeof message.token === 'string') useToken(message.token);
});
for (const type of ['qloop-state', 'qloop-alert', 'qloop-proposal', 'qloop-decision']) {
  widget.addEventListener(type, (event) => tell(type, (event as CustomEvent).detail));
}

const fragment = new URLSearchParams(window.location.hash.slice(1));
const fromFragment = fragment.get('token');
if (fromFragment) {
  useToken(fromFragment);
  // Keep the token out of the history and out of screenshots of the address bar.
  history.replaceState(null, '', window.location.pathname + window.location.search);
} else if (config.demo) {
  const demo = config.demo;
  void fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demo) })
    .then((r) => r.json() as Promise<{ token?: string }>)
    .then((body) => body.token && useToken(body.token, false));
}
tell('qloop:ready', { terminal });
