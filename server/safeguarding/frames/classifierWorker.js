/*
 * worker_threads entry for the frame classifier pool. Plain JS on purpose: a worker is a fresh
 * Node isolate that neither jest's ts-jest transform nor a parent's `--import tsx` reaches reliably,
 * so this file registers tsx's CommonJS hook itself and then loads the TypeScript worker body.
 * Works the same under jest, `node --import tsx` and plain node.
 */
'use strict';
require('tsx/cjs');
require('./classifierWorkerMain.ts');
