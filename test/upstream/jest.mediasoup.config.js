/**
 * Jest config running mediasoup's OWN upstream test suite (shipped compiled in
 * the npm package under node_modules/mediasoup/node/lib/test) against the
 * locally built worker binary. Use scripts/test-mediasoup-upstream.sh, which
 * sets MEDIASOUP_WORKER_BIN and creates the DTLS cert/key the tests expect.
 */
const path = require('path');

const mediasoupDir = path.join(__dirname, '..', '..', 'node_modules', 'mediasoup');

module.exports = {
  rootDir: path.join(mediasoupDir, 'node', 'lib', 'test'),
  roots: ['<rootDir>'],
  testMatch: ['**/test-*.js'],
  // The default ignore pattern (/node_modules/) would exclude every test here.
  testPathIgnorePatterns: [],
  testEnvironment: 'node',
  // The tests live under node_modules: let jest's haste map see them.
  haste: { retainAllFiles: true },
  transform: {},
  testTimeout: 60000,
  verbose: false,
};
