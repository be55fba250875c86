#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx so that `npm ci && npx postvakt serve`
// needs no build step and can never run stale compiled output.
import { register } from 'tsx/esm/api';

// Taken first: loading the CLI takes seconds, and `serve` must notice if npm (npx) exits meanwhile.
const parentPid = process.ppid;
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), parentPid);
