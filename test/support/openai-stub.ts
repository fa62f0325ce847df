// A local OpenAI-compatible server for tests: POST /v1/chat/completions answers from a script
// (tool calls or text), as JSON or as an SSE stream of chunks the way OpenAI streams them.
// Every request body is kept so tests can check what the client sent. No network involved.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubReply = { toolCalls: { name: string; args: Record<string, unknown> }[] } | { content: string };

export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  [key: string]: unknown;
}

export interface OpenAiStub {
  /** Base URL for QLOOP_OPENAI_BASE_URL, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  requests: ChatRequest[];
  /** Authorization headers seen. */
  authorizations: string[];
  close(): Promise<void>;
}

/** `script`: the replies in order, or a function of the request (and its index). */
export async function startOpenAiStub(script: StubReply[] | ((request: ChatRequest, index: number) => StubReply)): Promise<OpenAiStub> {
  const requests: ChatRequest[] = [];
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      const index = requests.length;
      requests.push(request);
      authorizations.push(String(req.headers.authorization ?? ''));
      const reply = typeof script === 'function' ? script(request, index) : (script[index] ?? { content: 'The script has no more replies.' });
      if (request.stream) streamReply(res, request.model, index, reply);
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(request.model, index, reply)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toolCalls(index: number, reply: StubReply) {
  return 'toolCalls' in reply ? reply.toolCalls.map((c, i) => ({ id: `call_${index}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })) : undefined;
}

function completion(model: string, index: number, reply: StubReply) {
  const calls = toolCalls(index, reply);
  return {
    id: `chatcmpl-stub-${index}`,
    object: 'chat.completion',
    created: 1714730400,
    model,
    choices: [{ index: 0, finish_reason: calls ? 'tool_calls' : 'stop', message: { role: 'assistant', content: 'content' in reply ? reply.content : null, ...(calls ? { tool_calls: calls } : {}) } }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** Text in small token-like pieces; tool-call arguments in fragments, as OpenAI sends them. */
function streamReply(res: http.ServerResponse, model: string, index: number, reply: StubReply): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(`data: ${JSON.stringify({ id: `chatcmpl-stub-${index}`, object: 'chat.completion.chunk', created: 1714730400, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  chunk({ role: 'assistant', content: '' });
  const calls = toolCalls(index, reply);
  if (calls) {
    calls.forEach((call, i) => {
      chunk({ tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      for (const piece of call.function.arguments.match(/.{1,7}/gs) ?? []) chunk({ tool_calls: [{ index: i, function: { arguments: piece } }] });
    });
    chunk({}, 'tool_calls');
  } else if ('content' in reply) {
    for (const piece of reply.content.match(/\S+\s*/g) ?? []) chunk({ content: piece });
    chunk({}, 'stop');
  }
  res.end('data: [DONE]\n\n');
}
