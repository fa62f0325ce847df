import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEmbeddings, HashEmbeddings, LlamaCppEmbeddings, OpenAiEmbeddings } from '../../../server/adapters/embeddings';

describe('OpenAI-compatible embeddings', () => {
  const requests: { url?: string; auth?: string; body: { input: string[] | string; model: string; encoding_format?: string } }[] = [];
  let server: http.Server;
  let baseUrl = '';
  before(async () => {
    // A stand-in for vLLM / Ollama / llama.cpp server: vector = [length, vowels, 1].
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as (typeof requests)[number]['body'];
        requests.push({ url: req.url, auth: req.headers.authorization, body });
        if (body.model === 'broken') {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model not found' } }));
          return;
        }
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, (text.match(/[aeiou]/g) ?? []).length, 1] }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts to <baseUrl>/embeddings with the model and float encoding', async () => {
    const embeddings = new OpenAiEmbeddings({ baseUrl, model: 'nomic-embed-text', apiKey: 'k-123' });
    assert.deepEqual(await embeddings.embedDocuments(['abc', 'aeiou']), [[3, 1, 1], [5, 5, 1]]);
    assert.deepEqual(await embeddings.embedQuery('xyz'), [3, 0, 1]);
    assert.equal(embeddings.dimensions, 3);
    const first = requests[0];
    assert.equal(first?.url, '/v1/embeddings');
    assert.equal(first?.auth, 'Bearer k-123');
    assert.equal(first?.body.model, 'nomic-embed-text');
    assert.equal(first?.body.encoding_format, 'float');
    assert.match(embeddings.id, /^openai:nomic-embed-text@http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('names the endpoint and model when the server refuses', async () => {
    const embeddings = createEmbeddings({ provider: 'openai', openai: { baseUrl, model: 'broken' } });
    await assert.rejects(embeddings.embedQuery('x'), (err: Error) => err.message.includes(baseUrl) && err.message.includes('model broken'));
  });
});

describe('llama.cpp embeddings', () => {
  it('names the missing optional package', async () => {
    const embeddings = new LlamaCppEmbeddings({ modelPath: '/models/nomic.gguf', importModule: () => Promise.reject(new Error("Cannot find package 'node-llama-cpp'")) });
    await assert.rejects(embeddings.embedQuery('x'), /need the optional package node-llama-cpp, which is not installed: run `npm install node-llama-cpp@3`/);
  });

  it('fails the same way with the real import in this installation', async () => {
    await assert.rejects(new LlamaCppEmbeddings({ modelPath: '/nowhere.gguf' }).embedQuery('x'), /node-llama-cpp/);
  });

  it('embeds through the node-llama-cpp API when present', async () => {
    const loaded: string[] = [];
    const fake = {
      getLlama: async () => ({
        loadModel: async (o: { modelPath: string }) => {
          loaded.push(o.modelPath);
          return { createEmbeddingContext: async () => ({ getEmbeddingFor: async (text: string) => ({ vector: [text.length, 0.5] }) }) };
        },
      }),
    };
    const embeddings = new LlamaCppEmbeddings({ modelPath: '/models/bge-small.gguf', importModule: async () => fake });
    assert.deepEqual(await embeddings.embedDocuments(['ab', 'abcd']), [[2, 0.5], [4, 0.5]]);
    assert.deepEqual(loaded, ['/models/bge-small.gguf']);
    assert.equal(embeddings.id, 'llamacpp:bge-small.gguf');
  });
});

describe('embeddings factory', () => {
  it('defaults to hash embeddings and checks provider settings', () => {
    assert.ok(createEmbeddings({ provider: 'hash' }) instanceof HashEmbeddings);
    assert.equal(createEmbeddings({ provider: 'hash', hashDimensions: 128 }).dimensions, 128);
    assert.throws(() => createEmbeddings({ provider: 'openai' }), /base URL and a model/);
    assert.throws(() => createEmbeddings({ provider: 'llamacpp' }), /GGUF/);
  });
});
