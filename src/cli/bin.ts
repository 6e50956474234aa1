#!/usr/bin/env node
// `npx whybot ...` and `npm start`'s entry once built: hands the arguments to the CLI. Compiled to
// dist/src/cli/bin.js by `npm run build` (which `npm install` runs); `npm run dev` runs the sources with tsx.
import { main } from './whybot.ts';

process.exitCode = await main(process.argv.slice(2));
