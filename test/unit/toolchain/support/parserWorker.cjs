// The parser worker's TypeScript source, run in a worker thread for the tests (workers do not inherit tsx's loader).
require('tsx/cjs');
require('../../../../src/core/toolchain/parserWorker.ts');
