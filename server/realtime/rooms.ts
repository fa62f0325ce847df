// Room names of the /copilot namespace and who an event is for: a socket joins its user,
// role, terminal and line rooms, and the feed emits to the union of a target's rooms.
import type { Namespace } from 'socket.io';
import type { ClientToServerEvents, ProposalEvent, ServerToClientEvents, SocketData } from './contract';
import type { FeedTarget } from './services';

export type CopilotNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const rooms = {
  user: (username: string) => `user:${username}`,
  terminal: (id: string) => `terminal:${id}`,
  line: (id: string) => `line:${id}`,
  role: (role: string) => `role:${role}`,
};

export function roomsForTarget(target: FeedTarget): string[] {
  return [
    ...(target.lineId ? [rooms.line(target.lineId)] : []),
    ...(target.roles ?? []).map(rooms.role),
    ...(target.username ? [rooms.user(target.username)] : []),
  ];
}

/** A decided proposal reaches its line, every role that may decide, and the signer. */
export function roomsForProposal(proposal: ProposalEvent, signer: string): string[] {
  return [...(proposal.line ? [rooms.line(proposal.line)] : []), rooms.role('qa'), rooms.role('supervisor'), rooms.user(signer)];
}
