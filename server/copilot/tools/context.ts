// What every copilot tool shares: the ports it reads through, the turn's session (user, terminal,
// line, the actions the operator actually asked for) and the JSON shape of a tool result.
import type { SessionUser } from '../../auth/tokens';
import { can } from '../../domain/roles';
import type { PlantCatalog } from '../../plant/catalog';
import type { LimsAdapter } from '../../ports/lims';
import type { MesAdapter } from '../../ports/mes';
import type { Clock } from '../../ports/clock';
import type { Citation } from '../../realtime/contract';
import type { AlertLookup, DocumentSearch, ProposalRequests } from '../ports';

export interface CopilotToolDeps {
  lims: LimsAdapter;
  mes: MesAdapter;
  /** Master data (products, specifications, deviation reports); live state comes from the ports. */
  catalog: PlantCatalog;
  clock: Clock;
  documents?: DocumentSearch;
  proposals?: ProposalRequests;
  alerts?: AlertLookup;
}

export const ACTION_KINDS = ['hold', 'setpoint', 'deviation'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Per turn; passed to the agent as LangGraph runtime context, never taken from model output. */
export interface CopilotTurnContext {
  user: SessionUser;
  terminal?: string;
  line?: string;
  conversationId?: string;
  messageId?: string;
  /**
   * Actions the operator's own question asks for. A proposal tool refuses any other kind, so an
   * instruction hidden in an SOP, a LIMS comment or a tool result cannot start one.
   */
  requestedActions: readonly ActionKind[];
  /**
   * The operator's own message this turn, exactly as typed. A choice only the person may make (a
   * hold's reason code) is taken from the tool call only when this text names it.
   */
  question?: string;
}

/** The session of the turn; a tool called outside an agent turn refuses to run. */
export function turnContext(runtime: unknown): CopilotTurnContext {
  const context = (runtime as { context?: CopilotTurnContext } | undefined)?.context;
  if (!context?.user) throw new Error('this tool runs only inside a copilot turn (no user session in the runtime context)');
  return context;
}

/** Lines the user may read: every line for roles that see all lines, else their assigned lines. */
export function visibleLines(user: SessionUser, allLineIds: readonly string[]): string[] {
  if (can(user.role, 'alerts.view.all-lines') || user.lines.length === 0) return [...allLineIds];
  return allLineIds.filter((id) => user.lines.includes(id));
}

export function inScope(user: SessionUser, catalog: PlantCatalog, lineId: string | undefined): boolean {
  if (lineId === undefined) return true;
  return visibleLines(user, catalog.lines().map((l) => l.id)).includes(lineId);
}

export function scopeRefusal(user: SessionUser, what: string, lineId: string): string {
  return `${what} belongs to ${lineId}, and ${user.username} (${user.role}) may only read ${user.lines.join(', ') || 'no line'}. Tell the user this is outside their line scope; do not retry with another tool.`;
}

/** A successful tool result: plain JSON the model reads, with the records it may cite. */
export function toolAnswer(body: Record<string, unknown>, sources: Citation[] = []): string {
  return JSON.stringify({ ok: true, ...body, sources });
}

/** A refusal or a not-found, worded for the model: what went wrong and what to do next. */
export function toolRefusal(error: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ok: false, error, ...extra });
}

/** Thrown by lookups; the tool turns it into a refusal the model can act on. */
export class ToolArgumentError extends Error {}

/** Runs a tool body and turns lookup errors into refusals (anything else is a real failure). */
export async function guarded(body: () => Promise<string>): Promise<string> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof ToolArgumentError) return toolRefusal(err.message);
    throw err;
  }
}
