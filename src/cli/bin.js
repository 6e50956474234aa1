#!/usr/bin/env node
// `npx whybot ...`: loads tsx so the TypeScript sources run as they are, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('./run-process.ts');
await runProcess(process.argv.slice(2));
