// The demo MES terminal screen: logs in (demo credentials from the page config in demo
// mode, with a switcher between the line's operator, a supervisor and QA), reads the
// terminal's context through the API and hands the token to the widget.
import type { PageConfig } from '../../server/http/routes/client';

interface TerminalContext {
  terminal: { id: string; name: string };
  line: { id: string; name: string; area: string };
  workOrders: Array<{ id: string; productId: string; status: string; quantity: number; unit: string }>;
  lots: Array<{ id: string; productId: string; disposition: string }>;
  equipment: Array<{ id: string; name: string; state: string; parameters: Array<{ name: string; unit: string; setpoint: number; current: number; validatedRange: { min: number; max: number } }> }>;
}

interface LoginReply {
  token: string;
  user: { username: string; displayName: string; role: string };
}

const config = JSON.parse(document.getElementById('qloop-config')?.textContent ?? '{}') as PageConfig;
const params = new URLSearchParams(window.location.search);
const terminalId = params.get('terminal') ?? config.terminal;
const widget = document.getElementById('copilot');
const STORED_USER = `qloop-demo-user:${terminalId}`;

// The reference example of the integration (DESIGN.md "The webhook payload"), as the lab records
// it: into the simulated LIMS, which delivers it to the watcher and answers the copilot.
const REFERENCE_RESULT = { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, result_id: 'R-778812', finalized_at: '2024-05-03T10:15:00Z' };
let sessionToken = '';

function text(id: string, value: string): void {
  const node = document.getElementById(id);
  if (node) node.textContent = value;
}

async function login(username: string, password: string): Promise<LoginReply> {
  const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await response.json()) as LoginReply & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `login failed (${response.status})`);
  return body;
}

function renderEquipment(context: TerminalContext): void {
  const tbody = document.getElementById('equipment');
  if (!tbody) return;
  tbody.replaceChildren();
  for (const eq of context.equipment) {
    const rows = eq.parameters.length ? eq.parameters : [undefined];
    rows.forEach((p, i) => {
      const tr = document.createElement('tr');
      const cells = [i === 0 ? `${eq.id} ${eq.name}` : '', i === 0 ? eq.state : '', p?.name ?? '—', p ? `${p.setpoint} ${p.unit}` : '', p ? `${p.current} ${p.unit}` : '', p ? `${p.validatedRange.min}–${p.validatedRange.max} ${p.unit}` : ''];
      cells.forEach((value, col) => {
        const td = document.createElement('td');
        td.textContent = value;
        if (col === 1 && value) td.className = `state-${value}`;
        tr.append(td);
      });
      tbody.append(tr);
    });
  }
}

async function showContext(token: string): Promise<void> {
  const response = await fetch(`/api/terminals/${encodeURIComponent(terminalId)}/context`, { headers: { authorization: `Bearer ${token}` } });
  const context = (await response.json()) as TerminalContext & { error?: { message: string } };
  if (!response.ok) throw new Error(context.error?.message ?? `terminal context failed (${response.status})`);
  text('terminal-name', `${context.terminal.id} · ${context.terminal.name}`);
  text('line-name', context.line.name);
  text('line-area', context.line.area);
  const wo = context.workOrders[0];
  text('wo-id', wo ? wo.id : 'No running order');
  text('wo-detail', wo ? `${wo.productId} · ${wo.quantity} ${wo.unit} · ${wo.status}` : '');
  const lot = context.lots[0];
  text('lot-id', lot ? lot.id : '—');
  text('lot-detail', lot ? `${lot.productId} · disposition ${lot.disposition}` : '');
  renderEquipment(context);
  text('status-line', `Live data from ${terminalId} via the MES adapter.`);
}

/** Logs in as a demo user and hands the token to the widget; returns the token. */
async function become(username: string): Promise<string> {
  const account = config.demoUsers?.find((u) => u.username === username) ?? (config.demo?.username === username ? config.demo : undefined);
  if (!account) throw new Error(`no demo user ${username}`);
  const session = await login(account.username, account.password);
  text('user-name', `${session.user.displayName} · ${session.user.role}`);
  widget?.setAttribute('terminal', terminalId);
  widget?.setAttribute('token', session.token);
  sessionStorage.setItem(STORED_USER, username);
  sessionToken = session.token;
  return session.token;
}

function setUpSwitcher(current: string): void {
  const select = document.getElementById('user-select') as HTMLSelectElement | null;
  const users = config.demoUsers ?? [];
  if (!select || users.length < 2) return;
  for (const user of users) {
    const option = document.createElement('option');
    option.value = user.username;
    option.textContent = `${user.displayName} — ${user.role}`;
    select.append(option);
  }
  select.value = current;
  select.addEventListener('change', () => void become(select.value).catch((err: Error) => text('status-line', `Error: ${err.message}`)));
  document.getElementById('switcher')!.hidden = false;
}

function setUpDemoPanel(): void {
  const panel = document.getElementById('demo-panel');
  const button = document.getElementById('post-result') as HTMLButtonElement | null;
  if (!panel || !button) return;
  panel.hidden = false;
  // Example questions go through the widget's ask(), as if typed.
  for (const quick of document.querySelectorAll<HTMLButtonElement>('#quick-questions button')) {
    quick.addEventListener('click', () => (widget as (HTMLElement & { ask?(text: string): void }) | null)?.ask?.(quick.textContent ?? ''));
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch('/api/demo/lab-results', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken}` }, body: JSON.stringify(REFERENCE_RESULT) });
      const body = (await response.json().catch(() => ({}))) as { message?: string; changed?: boolean; error?: { message: string } };
      if (!response.ok) text('demo-status', `The simulated LIMS did not record the result: ${body.error?.message ?? `HTTP ${response.status}`}`);
      else text('demo-status', `${body.message ?? 'Recorded.'}${body.changed ? ' The alert and the hold proposal appear in the copilot on the right.' : ''}`);
    } catch (err) {
      text('demo-status', `Could not post the result: ${(err as Error).message}`);
    } finally {
      button.disabled = false;
    }
  });
}

/** A hold or release carried out in the MES changes the lot's disposition: show it, as an MES screen would. */
function followExecutedProposals(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  widget?.addEventListener('qloop-proposal', (event) => {
    const status = (event as CustomEvent<{ proposal?: { status?: string } }>).detail?.proposal?.status;
    if (status !== 'executed' || !sessionToken) return;
    clearTimeout(timer);
    timer = setTimeout(() => void showContext(sessionToken).catch((err: Error) => text('status-line', `Error: ${err.message}`)), 300);
  });
}

async function main(): Promise<void> {
  text('terminal-name', terminalId);
  if (!config.demo) return text('status-line', 'Not logged in: open this page from the MES with a token.');
  document.getElementById('demo-ribbon')!.hidden = false;
  const wanted = params.get('user') ?? sessionStorage.getItem(STORED_USER) ?? config.demo.username;
  const start = config.demoUsers?.some((u) => u.username === wanted) ? wanted : config.demo.username;
  try {
    const token = await become(start);
    setUpSwitcher(start);
    setUpDemoPanel();
    followExecutedProposals();
    await showContext(token);
  } catch (err) {
    text('status-line', `Error: ${(err as Error).message}`);
  }
}

void main();
