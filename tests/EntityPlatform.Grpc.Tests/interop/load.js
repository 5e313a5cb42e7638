// Loads Protos/interop.proto the way every grpc-js user does, with proto-loader's defaults on so that
// zero-valued fields come back as 0/"" rather than undefined.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const definition = protoLoader.loadSync(path.join(__dirname, '..', 'Protos', 'interop.proto'), {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});
const proto = grpc.loadPackageDefinition(definition).interop.v1;

module.exports = { grpc, proto };
