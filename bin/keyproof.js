#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { main } from '../dist/src/cli/main.js';

// A reader that goes away (`keyproof ... | head`) is not an error of keyproof's: no stack trace for EPIPE.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const code = await main(process.argv.slice(2));
// Exit once what was written has been flushed, rather than when the event loop drains: a solver thread abandoned
// after a time-out must not keep the process alive (issue 12).
const flushed = (stream) => new Promise((resolve) => {
  if (stream.destroyed || !stream.writable) return resolve();
  stream.write('', () => resolve());
});
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
