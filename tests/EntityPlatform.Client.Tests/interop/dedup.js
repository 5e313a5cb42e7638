// Any-language check of exactly-once retries: a plain grpc-js client (no EntityPlatform SDK) sends the same
// Command twice with one client_session_id and request_id, as a client retrying after a lost reply would,
// and the node applies it once. Usage: node dedup.js <grpc port> <counter id>. Prints "PASS <step>" per
// step and "ALL PASSED"; exits non-zero on the first failure. The C# test checks the counter afterwards too.
'use strict';
const assert = require('assert/strict');
const crypto = require('crypto');
const path = require('path');

// The grpc-js packages are installed once for the wire-layer interop tests (scripts/setup/grpc-interop.sh).
module.paths.push(path.join(__dirname, '..', '..', 'EntityPlatform.Grpc.Tests', 'interop', 'node_modules'));
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const definition = protoLoader.loadSync(path.join(__dirname, '..', '..', '..', 'proto', 'entityplatform', 'v1', 'entity.proto'), {
  keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true,
});
const v1 = grpc.loadPackageDefinition(definition).entityplatform.v1;
const [port, counterId] = process.argv.slice(2);
const client = new v1.EntityService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

function call(method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 10000 }, (err, reply) => (err ? reject(err) : resolve(reply)));
  });
}

// A UUIDv7 as RFC 9562 defines it: 48 bits of Unix milliseconds, version 7, variant 10, random bits.
// Sessions must be UUIDv7 because the node expires the oldest-created sessions first (docs/grpc.md).
function uuidv7() {
  const bytes = crypto.randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function main() {
  const command = {
    entityType: 'counter',
    entityId: counterId,
    payload: Buffer.from(JSON.stringify({ type: 'increment', by: 1 })),
    clientSessionId: uuidv7(),
    requestId: 1,
  };

  const first = await call('command', command);
  assert.equal(first.outcome, 'accepted', `first reply: ${JSON.stringify(first)}`);
  assert.equal(first.accepted.eventCount, 1);
  assert.equal(first.accepted.deduplicated, false);
  console.log('PASS first send applied');

  const retry = await call('command', command);
  assert.equal(retry.outcome, 'accepted', `retry reply: ${JSON.stringify(retry)}`);
  assert.equal(retry.accepted.deduplicated, true, 'the retry must be answered from the dedup table');
  assert.equal(retry.accepted.firstEventOffset, first.accepted.firstEventOffset, 'the retry must get the original reply');
  assert.deepEqual(Buffer.from(retry.accepted.reply), Buffer.from(first.accepted.reply));
  console.log('PASS retry with the same request id answered with the original reply');

  const query = await call('query', { entityType: 'counter', entityId: counterId, queryName: 'value', consistency: 'CONSISTENCY_LINEARIZABLE' });
  assert.equal(Buffer.from(query.result).toString('utf8'), '1', 'two sends of one request id must increment once');
  console.log('PASS applied once');
  console.log('ALL PASSED');
}

main().then(() => process.exit(0), (err) => { console.error(`FAIL ${err.stack || err}`); process.exit(1); });
