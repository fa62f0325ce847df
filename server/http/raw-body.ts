// The exact bytes of a JSON request body, kept by express.json's `verify` hook: the LIMS webhook's
// HMAC is over the bytes sent, and re-serializing the parsed body would not reproduce them.
import type { IncomingMessage } from 'node:http';

const RAW = Symbol('qloop.rawBody');

type WithRawBody = IncomingMessage & { [RAW]?: Buffer };

/** For express.json({ verify }): keeps a reference to the buffer the parser reads anyway. */
export function keepRawBody(req: IncomingMessage, _res: unknown, body: Buffer): void {
  (req as WithRawBody)[RAW] = body;
}

/** The request's JSON body as received, or undefined when no JSON body was read. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as WithRawBody)[RAW];
}
