/*
 * Jest test environment for tests that run onnxruntime-node in-process.
 *
 * jest-environment-node runs each test file in its own vm context, whose Float32Array & co. are not
 * Node's. onnxruntime-node's native binding creates output arrays in Node's main realm, and
 * onnxruntime-common then checks them with `instanceof Float32Array` in the test's realm: every
 * session.run() fails with "A float32 tensor's data must be type of function Float32Array()".
 * Giving the test context the main realm's typed-array and buffer constructors makes both sides agree
 * (Buffer already comes from the main realm, so Buffer instanceof Uint8Array becomes true as well).
 * Production code is unaffected: plain node and the classifier worker threads have one realm each.
 *
 * Use with a docblock at the top of the test file:
 *   @jest-environment ./test/integration/frames/onnxEnvironment.js
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (globalThis[name]) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
