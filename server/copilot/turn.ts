// Runs one agent turn and reports as it goes: tool progress when the model asks for tools,
// answer deltas when the model streams, and at the end every call with its raw result.
import type { BaseMessage } from '@langchain/core/messages';
import type { AgentTurnContext, CopilotAgent } from './agent';
import { textOf } from './models/deterministic/session';

export interface ToolCallRecord {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface ToolResultRecord extends ToolCallRecord {
  /** The tool's raw answer, exactly as the model saw it. */
  content: string;
  status: 'success' | 'error';
  /** What the tool returned for the terminal only (a control chart), never shown to the model. */
  artifact?: unknown;
}

export interface TurnEvents {
  toolCalls(calls: ToolCallRecord[]): void;
  toolResult(result: ToolResultRecord): void;
  /** Streamed answer text (models that stream tokens). */
  delta(text: string): void;
  /** The model turn ended in tool calls: streamed text so far was not the answer. */
  modelStepEnded(withToolCalls: boolean): void;
}

export interface TurnOutcome {
  answer: string;
  calls: ToolCallRecord[];
  results: ToolResultRecord[];
}

/** LangGraph's default is 25 super-steps; a copilot turn never needs more than a handful of tool rounds. */
const RECURSION_LIMIT = 24;

export async function runAgentTurn(
  agent: CopilotAgent,
  messages: BaseMessage[],
  context: AgentTurnContext,
  events: TurnEvents,
  options: { signal: AbortSignal; streamTokens: boolean },
): Promise<TurnOutcome> {
  const calls: ToolCallRecord[] = [];
  const results: ToolResultRecord[] = [];
  let answer = '';
  const streamMode = options.streamTokens ? (['updates', 'messages'] as const) : (['updates'] as const);
  const stream = await agent.stream({ messages }, { streamMode: [...streamMode], context, signal: options.signal, recursionLimit: RECURSION_LIMIT } as never);
  for await (const item of stream as AsyncIterable<[string, unknown]>) {
    const [mode, chunk] = item;
    if (mode === 'messages') {
      const [message, meta] = chunk as [BaseMessage, { langgraph_node?: string }];
      if (message.getType() === 'ai' && meta.langgraph_node !== 'tools') {
        const text = textOf(message);
        if (text) events.delta(text);
      }
      continue;
    }
    for (const update of Object.values(chunk as Record<string, { messages?: BaseMessage[] } | undefined>)) {
      for (const message of update?.messages ?? []) {
        if (message.getType() === 'ai') {
          const toolCalls = ((message as unknown as { tool_calls?: { id?: string; name: string; args: Record<string, unknown> }[] }).tool_calls ?? []).map((c, i) => ({ id: c.id ?? `call_${calls.length + i}`, name: c.name, args: c.args }));
          events.modelStepEnded(toolCalls.length > 0);
          if (toolCalls.length) {
            calls.push(...toolCalls);
            events.toolCalls(toolCalls);
          } else {
            answer = textOf(message);
          }
        } else if (message.getType() === 'tool') {
          const tm = message as unknown as { tool_call_id: string; name?: string; status?: string; artifact?: unknown };
          const call = calls.find((c) => c.id === tm.tool_call_id);
          const record: ToolResultRecord = { id: tm.tool_call_id, name: call?.name ?? tm.name ?? 'unknown', args: call?.args ?? {}, content: textOf(message), status: tm.status === 'error' ? 'error' : 'success', ...(tm.artifact !== undefined ? { artifact: tm.artifact } : {}) };
          results.push(record);
          events.toolResult(record);
        }
      }
    }
  }
  return { answer, calls, results };
}
