// grpc-js server implementing Protos/interop.proto by the same rules as our C# InteropService, so OUR
// client can be checked against a server we did not write. Binds 127.0.0.1 on a free port, prints
// "PORT <n>", and runs until killed or until its stdin closes (so it never outlives the test).
'use strict';
const { grpc, proto } = require('./load');

function echoMetadata(call) {
  const echo = (call.metadata.get('x-echo')[0] || '').toString();
  const trailers = new grpc.Metadata();
  if (echo) {
    const headers = new grpc.Metadata();
    headers.set('x-echo-header', echo);
    call.sendMetadata(headers);
    trailers.set('x-echo-trailer', echo);
  }
  const bin = call.metadata.get('x-echo-bin')[0];
  if (bin) { trailers.set('x-echo-bin', bin); }
  return { echo, trailers };
}

const failure = (code, message, trailers) => ({ code, details: message, metadata: trailers });

const service = {
  echo(call, callback) {
    const { echo, trailers } = echoMetadata(call);
    const r = call.request;
    const answer = () => {
      if (r.failCode) { callback(failure(r.failCode, r.failMessage, trailers)); return; }
      callback(null, { text: r.text, number: r.number, metadataEcho: echo, blob: r.blob }, trailers);
    };
    if (r.delayMs) {
      const timer = setTimeout(answer, r.delayMs);
      call.on('cancelled', () => clearTimeout(timer));
    } else {
      answer();
    }
  },
  count(call) {
    const { trailers } = echoMetadata(call);
    const r = call.request;
    let i = 0;
    const step = () => {
      if (call.cancelled) { return; }
      if (i < r.count) { call.write({ text: `n${i}`, number: i }); i++; setTimeout(step, r.intervalMs || 0); return; }
      if (r.failCodeAtEnd) { call.emit('error', failure(r.failCodeAtEnd, r.failMessage, trailers)); return; }
      call.end(trailers);
    };
    step();
  },
  sum(call, callback) {
    const { trailers } = echoMetadata(call);
    const reply = { total: 0, count: 0, texts: '' };
    call.on('data', (r) => { reply.total += r.number; reply.count++; reply.texts += r.text; });
    call.on('end', () => callback(null, reply, trailers));
  },
  chat(call) {
    const { echo, trailers } = echoMetadata(call);
    call.on('data', (r) => {
      if (r.failCode) { call.emit('error', failure(r.failCode, r.failMessage, trailers)); return; }
      call.write({ text: r.text, number: r.number, metadataEcho: echo });
    });
    call.on('end', () => call.end(trailers));
  },
};

const server = new grpc.Server();
server.addService(proto.InteropService.service, service);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(`PORT ${port}`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
