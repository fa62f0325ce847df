// The /copilot handshake: a valid token (auth.token), and when the screen names a terminal
// or a line, one that exists and that an operator is assigned to.
import type { Accounts } from '../auth/accounts';
import type { TokenService } from '../auth/tokens';
import { QloopError, toQloopError } from '../errors';
import type { MesAdapter } from '../ports/mes';
import type { HandshakeAuth, SocketData, WireError } from './contract';

export interface HandshakeDeps {
  tokens: TokenService;
  accounts: Accounts;
  mes: MesAdapter;
}

/** Resolves the handshake into the socket's data, or throws a QloopError saying why not. */
export async function admit(auth: HandshakeAuth, deps: HandshakeDeps): Promise<SocketData> {
  if (!auth.token || typeof auth.token !== 'string') throw new QloopError('UNAUTHENTICATED', 'connection refused: no token in the handshake (auth: { token })');
  const claims = await deps.tokens.verify(auth.token);
  const user = deps.accounts.session(claims.username);
  if (!user) throw new QloopError('UNAUTHENTICATED', 'connection refused: the account no longer exists or is inactive');
  const terminal = typeof auth.terminal === 'string' && auth.terminal ? auth.terminal : undefined;
  const lineAsked = typeof auth.line === 'string' && auth.line ? auth.line : undefined;
  if (!terminal && !lineAsked) return { user };
  const lines = await deps.mes.listLines();
  let lineId = lineAsked;
  if (terminal) {
    const line = lines.find((l) => l.terminals.some((t) => t.id === terminal));
    if (!line) throw new QloopError('NOT_FOUND', `connection refused: no terminal "${terminal}" in this plant`);
    if (lineAsked && lineAsked !== line.id) throw new QloopError('BAD_REQUEST', `connection refused: terminal ${terminal} is on ${line.id}, not ${lineAsked}`);
    lineId = line.id;
  } else if (!lines.some((l) => l.id === lineAsked)) {
    throw new QloopError('NOT_FOUND', `connection refused: no line "${lineAsked}" in this plant`);
  }
  // Operators see their own lines only (DESIGN.md "Roles"); other roles may stand at any screen.
  if (user.role === 'operator' && user.lines.length > 0 && lineId && !user.lines.includes(lineId)) {
    throw new QloopError('FORBIDDEN', `connection refused: ${user.username} is not assigned to ${lineId}`);
  }
  return { user, ...(terminal ? { terminal } : {}), ...(lineId ? { line: lineId } : {}) };
}

/** socket.io's refusal: `connect_error` with a readable message and `data.code`. */
export function refusal(err: unknown): Error & { data: WireError } {
  const error = toQloopError(err);
  const refused = new Error(error.message) as Error & { data: WireError };
  refused.data = { code: error.code, message: error.message };
  return refused;
}
