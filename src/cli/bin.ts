#!/usr/bin/env node
// `npx whybot ...`: the CLI as this process's whole job (see run-process.ts). Compiled to dist/src/cli/bin.js by
// `npm run build` (which `npm install` runs); `npm run dev` runs the sources with tsx.
import { runProcess } from './run-process.ts';

await runProcess(process.argv.slice(2));
