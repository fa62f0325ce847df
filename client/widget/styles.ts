// Widget styles, adopted as a constructable stylesheet (allowed by a strict CSP without
// 'unsafe-inline'). Big targets and high contrast for gloved hands at arm's length; every
// colour and size is a CSS variable an MES screen can override on the qloop-copilot element.
export const WIDGET_CSS = `
:host {
  --qloop-bg: #0f1720; --qloop-surface: #1a2531; --qloop-surface-2: #223142; --qloop-fg: #f4f7fa;
  --qloop-muted: #b6c3d0; --qloop-border: #3b4b5b; --qloop-accent: #2f81f7; --qloop-accent-fg: #ffffff;
  --qloop-ok: #3fb950; --qloop-warn: #f2cc60; --qloop-bad: #ff6b61; --qloop-info: #58a6ff;
  --qloop-badge-critical: #b62324; --qloop-badge-warning: #f2cc60; --qloop-badge-info: #1f6feb;
  --qloop-focus: #ffd33d; --qloop-radius: 10px; --qloop-touch: 52px; --qloop-font-size: 19px;
  --qloop-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: flex; flex-direction: column; min-height: 360px; background: var(--qloop-bg); color: var(--qloop-fg);
  font: var(--qloop-font-size)/1.45 var(--qloop-font); border-radius: var(--qloop-radius); overflow: hidden; position: relative;
}
/* The widget sizes itself by its own width (a narrow dock), not the page's. */
:host { container-type: inline-size; }
@container (max-width: 460px) {
  .state .label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  header.top { gap: 8px; padding: 8px 10px; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
header.top { display: flex; align-items: center; gap: 10px; padding: 10px 14px; border-bottom: 1px solid var(--qloop-border); }
header.top h2 { margin: 0; font-size: 1.1em; flex: none; }
/* In a narrow dock the user's name shortens (full name in its tooltip) rather than wrap the header. */
.who { color: var(--qloop-muted); font-size: 0.85em; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.state { display: inline-flex; align-items: center; gap: 8px; font-size: 0.85em; color: var(--qloop-muted); }
.dot { width: 14px; height: 14px; border-radius: 50%; background: var(--qloop-warn); flex: none; }
.state[data-state="connected"] .dot { background: var(--qloop-ok); }
.state[data-state="refused"] .dot, .state[data-state="disconnected"] .dot { background: var(--qloop-bad); }
.banner { padding: 12px 16px; background: #5a1d1d; color: #ffe1de; font-weight: 600; border-bottom: 2px solid var(--qloop-bad); }
.banner.info { background: #3a2f0a; color: #ffe9a8; border-color: var(--qloop-warn); }
.feed { display: flex; flex-direction: column; gap: 10px; padding: 10px 12px; max-height: 55%; overflow-y: auto; border-bottom: 2px solid var(--qloop-border); background: #0b1118; }
.card { background: var(--qloop-surface); border-radius: 8px; padding: 10px 14px; border-left: 8px solid var(--qloop-info); }
.card.sev-critical { border-left-color: var(--qloop-bad); }
.card.sev-warning { border-left-color: var(--qloop-warn); }
.card.proposal { border-left-color: var(--qloop-accent); background: var(--qloop-surface-2); }
.card-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.card-head h3 { margin: 0; font-size: 1.05em; }
.badge { font-size: 0.75em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; padding: 2px 8px; border-radius: 4px; background: var(--qloop-badge-info); color: #fff; }
.sev-critical .badge { background: var(--qloop-badge-critical); color: #fff; }
.sev-warning .badge { background: var(--qloop-badge-warning); color: #1b1b1b; }
.proposal .badge { background: var(--qloop-accent); color: var(--qloop-accent-fg); }
.reading { margin: 6px 0; }
.reading .value { font-size: 1.6em; font-weight: 800; }
.reading .spec { color: var(--qloop-muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 0.9em; }
dl.facts dt { color: var(--qloop-muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.guidance p { margin: 6px 0; }
.guidance.folded { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
button.more { min-height: 40px; padding: 0 12px; font-size: 0.85em; font-weight: 600; color: var(--qloop-muted); }
.hint, .card-status { color: var(--qloop-muted); font-size: 0.9em; margin: 6px 0; }
.card-error { color: #ffb4ab; font-weight: 600; margin: 6px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 8px; }
button { min-height: var(--qloop-touch); min-width: var(--qloop-touch); padding: 0 18px; font: inherit; font-weight: 700; border-radius: 8px; cursor: pointer; border: 2px solid transparent; }
button.primary, form.ask button[type="submit"] { background: var(--qloop-accent); color: var(--qloop-accent-fg); }
button.secondary, button.ghost { background: transparent; color: var(--qloop-fg); border-color: var(--qloop-border); }
button.reject { border-color: var(--qloop-bad); }
button.primary.reject { background: var(--qloop-badge-critical); color: #fff; }
button:disabled, input:disabled, textarea:disabled { opacity: 0.5; cursor: not-allowed; }
:focus-visible { outline: 4px solid var(--qloop-focus); outline-offset: 2px; }
input, select, textarea { min-height: var(--qloop-touch); font: inherit; padding: 6px 12px; border-radius: 8px; border: 2px solid var(--qloop-border); background: #0b1118; color: var(--qloop-fg); width: 100%; }
textarea { min-height: calc(var(--qloop-touch) * 1.6); resize: vertical; }
label { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; }
label > span { font-weight: 600; }
.shelve-form { margin-top: 8px; border-top: 1px solid var(--qloop-border); padding-top: 4px; }
.log { flex: 1; overflow-y: auto; padding: 12px 14px; display: flex; flex-direction: column; gap: 10px; min-height: 120px; }
.msg { padding: 10px 14px; border-radius: 8px; background: var(--qloop-surface); max-width: 100%; overflow-wrap: anywhere; }
.msg p { margin: 4px 0; }
.msg.user { background: #16324f; align-self: flex-end; max-width: 88%; }
.msg.user.queued { border: 2px dashed var(--qloop-warn); }
.msg-state { color: var(--qloop-muted); font-size: 0.85em; }
.msg.system { background: transparent; color: var(--qloop-muted); padding: 2px 4px; }
.msg.system.level-success { color: var(--qloop-ok); }
.msg.system.level-warning { color: var(--qloop-warn); }
.msg.system.level-error { color: var(--qloop-bad); }
.progress { color: var(--qloop-muted); font-style: italic; margin: 0 0 4px; }
.markdown h3, .markdown h4 { margin: 8px 0 4px; font-size: 1em; }
.markdown ul, .markdown ol { margin: 4px 0; padding-left: 1.4em; }
.markdown code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; background: #0b1118; padding: 1px 4px; border-radius: 4px; }
.markdown pre { background: #0b1118; padding: 8px; border-radius: 6px; overflow-x: auto; }
.markdown blockquote { margin: 4px 0; padding-left: 10px; border-left: 4px solid var(--qloop-border); color: var(--qloop-muted); }
.table-scroll { overflow-x: auto; }
.markdown table { border-collapse: collapse; margin: 6px 0; font-size: 0.92em; }
.markdown th, .markdown td { border: 1px solid var(--qloop-border); padding: 4px 8px; text-align: left; }
.markdown [data-align="right"] { text-align: right; }
.markdown [data-align="center"] { text-align: center; }
a { color: #9ecbff; text-decoration-thickness: 2px; }
.sources h4 { margin: 8px 0 2px; font-size: 0.85em; color: var(--qloop-muted); text-transform: uppercase; letter-spacing: 0.05em; }
.sources ul { margin: 0; padding: 0; list-style: none; }
.sources li { padding: 4px 0; border-top: 1px solid var(--qloop-border); }
.sources li:first-child { border-top: 0; }
.sources a { display: block; min-height: 40px; padding: 6px 0; }
details.chart-toggle summary { cursor: pointer; min-height: 40px; display: flex; align-items: center; color: var(--qloop-muted); font-size: 0.9em; }
details > summary { list-style: none; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: "▸"; display: inline-block; width: 1.2em; }
details[open] > summary::before { content: "▾"; }
details.steps { margin-top: 6px; color: var(--qloop-muted); font-size: 0.85em; }
details.steps summary { cursor: pointer; min-height: 36px; display: flex; align-items: center; }
.chart-figure { margin: 8px 0 0; }
svg.chart { width: 100%; height: auto; background: #0b1118; border-radius: 6px; }
svg.chart .chart-frame { fill: none; stroke: var(--qloop-border); }
svg.chart .chart-title { fill: var(--qloop-fg); font-size: 13px; font-weight: 700; }
svg.chart .axis-label, svg.chart .limit-label { fill: var(--qloop-muted); font-size: 11px; }
svg.chart .limit { stroke-width: 1.5; }
svg.chart .limit-center { stroke: var(--qloop-ok); }
svg.chart .limit-ucl, svg.chart .limit-lcl { stroke: var(--qloop-warn); stroke-dasharray: 6 4; }
svg.chart .limit-usl, svg.chart .limit-lsl { stroke: var(--qloop-bad); stroke-width: 2; }
svg.chart .series { fill: none; stroke: var(--qloop-info); stroke-width: 2; }
svg.chart .point { fill: var(--qloop-info); }
svg.chart .point.flagged { fill: var(--qloop-bad); stroke: #fff; stroke-width: 1.5; }
form.ask { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--qloop-border); }
form.ask input { flex: 1; }
dialog.signature { width: min(560px, calc(100% - 24px)); max-height: calc(100% - 24px); overflow-y: auto; background: var(--qloop-surface); color: var(--qloop-fg); border: 2px solid var(--qloop-accent); border-radius: var(--qloop-radius); padding: 16px 20px; font: var(--qloop-font-size)/1.45 var(--qloop-font); }
dialog.signature::backdrop { background: rgba(0, 0, 0, 0.7); }
dialog.signature h2 { margin: 0 0 6px; font-size: 1.15em; }
dialog.signature .step { color: var(--qloop-warn); font-weight: 700; margin: 4px 0 8px; }
dialog.signature .statement { border: 1px solid var(--qloop-border); padding: 8px 10px; border-radius: 6px; font-size: 0.9em; }
.muted { color: var(--qloop-muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

let shared: CSSStyleSheet | undefined;

export function widgetStyleSheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(WIDGET_CSS);
  }
  return shared;
}
