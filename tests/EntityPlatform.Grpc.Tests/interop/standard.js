// A plain grpc-js client that uses only the STANDARD services of OUR server: grpc.health.v1 and server
// reflection (v1alpha), loaded from the spec's .proto files. Usage: node standard.js <port> <service>
// where <service> is a service name that must be SERVING. Prints "PASS <name>" per scenario and
// "ALL PASSED"; exits non-zero on the first failure.
'use strict';
const assert = require('assert/strict');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };
const load = (file) => grpc.loadPackageDefinition(protoLoader.loadSync(path.join(__dirname, 'protos', file), options));
const health = load('health.proto').grpc.health.v1;
const reflection = load('reflection.proto').grpc.reflection.v1alpha;

const [port, serving] = process.argv.slice(2);
const address = `127.0.0.1:${port}`;
const deadline = () => new Date(Date.now() + 10_000);

function check(service) {
  const client = new health.Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => client.check({ service }, { deadline: deadline() }, (err, reply) => (err ? reject(err) : resolve(reply))));
}

function reflect(request) {
  const client = new reflection.ServerReflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const call = client.serverReflectionInfo({ deadline: deadline() });
    call.on('data', (reply) => { resolve(reply); call.end(); });
    call.on('error', reject);
    call.write(request);
  });
}

const scenarios = {
  async health_serving() {
    const reply = await check(serving);
    assert.equal(reply.status, 'SERVING');
  },
  async health_whole_server() {
    const reply = await check('');
    assert.equal(reply.status, 'SERVING');
  },
  async health_unknown_service_is_not_found() {
    try { await check('no.such.Service'); } catch (err) { assert.equal(err.code, grpc.status.NOT_FOUND); return; }
    assert.fail('expected NOT_FOUND for an unknown service');
  },
  async reflection_lists_services() {
    const reply = await reflect({ listServices: '*' });
    const names = reply.listServicesResponse.service.map((s) => s.name);
    assert.ok(names.includes(serving), `${serving} missing from ${names}`);
    assert.ok(names.includes('grpc.health.v1.Health'), `grpc.health.v1.Health missing from ${names}`);
  },
  async reflection_describes_a_service() {
    const reply = await reflect({ fileContainingSymbol: serving });
    assert.ok(reply.fileDescriptorResponse.fileDescriptorProto.length >= 1, 'no file descriptor returned');
  },
};

(async () => {
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      await run();
      console.log(`PASS ${name}`);
    } catch (err) {
      console.log(`FAIL ${name}: ${err.stack || err}`);
      process.exit(1);
    }
  }
  console.log('ALL PASSED');
  process.exit(0);
})();
