// The demo MES terminal screen: logs in (demo credentials from the page config in demo
// mode), reads the terminal's context through the API and hands the token to the widget.
interface PageConfig {
  terminal: string;
  demo?: { username: string; password: string };
}

interface TerminalContext {
  terminal: { id: string; name: string };
  line: { id: string; name: string; area: string };
  workOrders: Array<{ id: string; productId: string; status: string; quantity: number; unit: string }>;
  lots: Array<{ id: string; productId: string; disposition: string }>;
  equipment: Array<{ id: string; name: string; state: string; parameters: Array<{ name: string; unit: string; setpoint: number; current: number; validatedRange: { min: number; max: number } }> }>;
}

const config = JSON.parse(document.getElementById('qloop-config')?.textContent ?? '{}') as PageConfig;
const params = new URLSearchParams(window.location.search);
const terminalId = params.get('terminal') ?? config.terminal;

function text(id: string, value: string): void {
  const el = document.getElementById(id);
  if (el) el.textContent = value;
}

async function login(): Promise<{ token: string; user: { displayName: string; role: string } } | undefined> {
  if (!config.demo) return undefined;
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: params.get('user') ?? config.demo.username, password: params.get('user') ? (params.get('password') ?? '') : config.demo.password }),
  });
  const body = (await response.json()) as { token: string; user: { displayName: string; role: string }; error?: { message: string } };
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

async function main(): Promise<void> {
  const ribbon = document.getElementById('demo-ribbon');
  if (ribbon && config.demo) ribbon.hidden = false;
  text('terminal-name', terminalId);
  try {
    const session = await login();
    if (!session) return text('status-line', 'Not logged in: open this page from the MES with a token.');
    text('user-name', `${session.user.displayName} (${session.user.role})`);
    const widget = document.getElementById('copilot');
    widget?.setAttribute('terminal', terminalId);
    widget?.setAttribute('token', session.token);
    const response = await fetch(`/api/terminals/${encodeURIComponent(terminalId)}/context`, { headers: { authorization: `Bearer ${session.token}` } });
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
  } catch (err) {
    text('status-line', `Error: ${(err as Error).message}`);
  }
}

void main();
