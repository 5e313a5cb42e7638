// grpc-js client that exercises OUR server: every call kind, metadata, a non-ASCII error status, a
// deadline and an unknown method. Usage: node client.js <port>. Prints "PASS <name>" per scenario and
// "ALL PASSED" at the end; exits non-zero on the first failure (the C# test shows the output).
'use strict';
const assert = require('assert/strict');
const { grpc, proto } = require('./load');

const port = process.argv[2];
const client = new proto.InteropService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const NON_ASCII = 'Zustand ungültig: ✓ 100% — 名前';

function unary(method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve, reject) => {
    let headers; let trailers;
    const call = client[method](request, metadata, options, (err, reply) => {
      if (err) { reject(err); } else { resolve({ reply, headers, trailers: () => trailers }); }
    });
    call.on('metadata', (m) => { headers = m; });
    call.on('status', (s) => { trailers = s.metadata; });
  });
}

async function expectError(promise, code) {
  try { await promise; } catch (err) { assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.details}`); return err; }
  assert.fail(`expected status ${code}, but the call succeeded`);
}

const scenarios = {
  async unary_with_metadata() {
    const md = new grpc.Metadata();
    md.set('x-echo', 'from-node');
    md.set('x-echo-bin', Buffer.from([0, 1, 254, 255]));
    const { reply, headers, trailers } = await unary('echo', { text: 'hi', number: 7 }, md);
    assert.equal(reply.text, 'hi');
    assert.equal(reply.number, 7);
    assert.equal(reply.metadataEcho, 'from-node');
    assert.deepEqual(headers.get('x-echo-header'), ['from-node']);
    assert.deepEqual(trailers().get('x-echo-trailer'), ['from-node']);
    assert.deepEqual(trailers().get('x-echo-bin')[0], Buffer.from([0, 1, 254, 255]));
  },
  async unary_zero_values() {
    const { reply } = await unary('echo', {});
    assert.equal(reply.text, '');
    assert.equal(reply.number, 0);
  },
  async error_with_non_ascii_message() {
    const err = await expectError(unary('echo', { failCode: grpc.status.FAILED_PRECONDITION, failMessage: NON_ASCII }), grpc.status.FAILED_PRECONDITION);
    assert.equal(err.details, NON_ASCII);
  },
  async deadline_exceeded() {
    const started = Date.now();
    await expectError(unary('echo', { delayMs: 10000 }, new grpc.Metadata(), { deadline: Date.now() + 300 }), grpc.status.DEADLINE_EXCEEDED);
    assert.ok(Date.now() - started < 5000, 'deadline took too long');
  },
  async unknown_method() {
    await expectError(unary('notImplemented', {}), grpc.status.UNIMPLEMENTED);
  },
  async server_streaming() {
    const numbers = await new Promise((resolve, reject) => {
      const got = [];
      const call = client.count({ count: 5 });
      call.on('data', (r) => got.push(r.number));
      call.on('error', reject);
      call.on('status', (s) => { if (s.code === grpc.status.OK) { resolve(got); } });
    });
    assert.deepEqual(numbers, [0, 1, 2, 3, 4]);
  },
  async server_streaming_error_after_messages() {
    const { got, err } = await new Promise((resolve) => {
      const got = [];
      const call = client.count({ count: 2, failCodeAtEnd: grpc.status.ABORTED, failMessage: 'stop ✋' });
      call.on('data', (r) => got.push(r.number));
      call.on('error', (err) => resolve({ got, err }));
    });
    assert.deepEqual(got, [0, 1]);
    assert.equal(err.code, grpc.status.ABORTED);
    assert.equal(err.details, 'stop ✋');
  },
  async client_streaming() {
    const reply = await new Promise((resolve, reject) => {
      const call = client.sum((err, r) => (err ? reject(err) : resolve(r)));
      for (let i = 1; i <= 10; i++) { call.write({ number: i, text: 'a' }); }
      call.end();
    });
    assert.equal(reply.total, 55);
    assert.equal(reply.count, 10);
    assert.equal(reply.texts, 'aaaaaaaaaa');
  },
  async bidi_streaming() {
    const md = new grpc.Metadata();
    md.set('x-echo', 'chat');
    const replies = await new Promise((resolve, reject) => {
      const got = [];
      const call = client.chat(md);
      let next = 0;
      const send = () => { if (next < 5) { call.write({ text: `m${next}`, number: next }); next++; } else { call.end(); } };
      call.on('data', (r) => { got.push(r); send(); });
      call.on('error', reject);
      call.on('end', () => resolve(got));
      send();
    });
    assert.deepEqual(replies.map((r) => r.text), ['m0', 'm1', 'm2', 'm3', 'm4']);
    assert.equal(replies[0].metadataEcho, 'chat');
  },
};

(async () => {
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      await run();
      console.log(`PASS ${name}`);
    } catch (err) {
      console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
      process.exit(1);
    }
  }
  console.log('ALL PASSED');
  client.close();
  process.exit(0);
})();
