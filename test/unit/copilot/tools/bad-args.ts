// The shared check of STYLE.md habit 7: arguments that fail the schema never reach a port.
import assert from 'node:assert/strict';
import type { ToolFixture } from '../support';
import { turn, USERS } from '../support';

export async function assertBadArgsNeverReachPorts(fixture: ToolFixture, tool: { invoke(args: never, config: unknown): Promise<unknown> }, cases: unknown[]): Promise<void> {
  for (const bad of cases) {
    await assert.rejects(tool.invoke(bad as never, turn(USERS.qa, { requestedActions: ['hold', 'setpoint', 'deviation'] })), /fix the argument|expected|Received tool input|Invalid/i, JSON.stringify(bad));
  }
  assert.deepEqual([...fixture.limsCalls, ...fixture.mesCalls], [], 'no port call for bad arguments');
  assert.equal(fixture.proposals.requests.length, 0, 'no proposal for bad arguments');
}
