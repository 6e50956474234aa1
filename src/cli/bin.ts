#!/usr/bin/env node
// The whybot executable: the CLI as this process's whole job (see run-process.ts). `npm run whybot -- ...` runs it
// from the sources with tsx; `npm run build` (which `npm install` runs) compiles it to dist/src/cli/bin.js, the
// package's bin.
import { runProcess } from './run-process.ts';

await runProcess(process.argv.slice(2));
