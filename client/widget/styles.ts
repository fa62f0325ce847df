// Widget styles: large touch targets and high contrast for gloved hands at arm's length;
// every colour is a CSS variable so an MES screen can theme it.
export const WIDGET_CSS = `
:host { --qloop-bg: #0f1720; --qloop-fg: #f4f7fa; --qloop-muted: #9fb0c0; --qloop-accent: #2f81f7;
  --qloop-ok: #2ea043; --qloop-warn: #d29922; --qloop-bad: #f85149; --qloop-radius: 10px;
  --qloop-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: flex; flex-direction: column; min-height: 320px; background: var(--qloop-bg); color: var(--qloop-fg);
  font: 18px/1.4 var(--qloop-font); border-radius: var(--qloop-radius); overflow: hidden; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px; border-bottom: 1px solid #2b3947; }
h2 { margin: 0; font-size: 20px; }
.state { display: inline-flex; align-items: center; gap: 8px; font-size: 16px; color: var(--qloop-muted); }
.dot { width: 14px; height: 14px; border-radius: 50%; background: var(--qloop-warn); }
.state[data-state="connected"] .dot { background: var(--qloop-ok); }
.state[data-state="refused"] .dot, .state[data-state="disconnected"] .dot { background: var(--qloop-bad); }
.banner { padding: 10px 16px; background: #3a2a0a; color: #ffd68a; font-size: 16px; }
.banner[hidden] { display: none; }
.log { flex: 1; overflow-y: auto; padding: 12px 16px; display: flex; flex-direction: column; gap: 10px; }
.msg { padding: 10px 12px; border-radius: 8px; background: #1b2633; white-space: pre-wrap; word-wrap: break-word; }
.msg.user { background: #16324f; align-self: flex-end; }
.msg.system { background: transparent; color: var(--qloop-muted); font-style: italic; }
form { display: flex; gap: 8px; padding: 12px; border-top: 1px solid #2b3947; }
input { flex: 1; min-height: 48px; font-size: 18px; padding: 0 12px; border-radius: 8px; border: 2px solid #3b4b5b; background: #0b1118; color: var(--qloop-fg); }
input:focus, button:focus { outline: 3px solid var(--qloop-accent); outline-offset: 2px; }
button { min-height: 48px; min-width: 88px; font-size: 18px; font-weight: 600; border: 0; border-radius: 8px; background: var(--qloop-accent); color: #fff; cursor: pointer; }
button:disabled, input:disabled { opacity: 0.5; cursor: not-allowed; }
`;
