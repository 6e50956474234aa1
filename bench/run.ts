// `npm run bench`: runs every benchmark section in a process of its own (so memory figures are each section's
// own), prints a table of the figures with their targets, and writes everything to bench/results/latest.json.
// `npm run bench -- --only why-warm,why-cold` runs some sections only.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RESULT_MARK, type SectionResults } from './section.ts';
import { checkTargets, type TargetCheck } from './targets.ts';

const SECTIONS = [
  { name: 'why-warm', file: 'why-warm.ts', what: '(a) 1,000 concurrent /why, warm snapshot' },
  { name: 'why-cold', file: 'why-cold.ts', what: '(b) cold /why, 100 ms per exchange call' },
  {
    name: 'liquidations',
    file: 'liquidations-section.ts',
    what: '(c) liquidation ingest and 30-day aggregate, (e) peak RSS',
  },
  {
    name: 'market-history',
    file: 'market-history.ts',
    what: '(h) 30-day liquidation aggregate at ~1,300 series; rollup database size per simulated year',
  },
  { name: 'fan-out', file: 'fan-out.ts', what: '(d) digest fan-out to 10,000 Discord channels at 50 req/s' },
  { name: 'why-burst', file: 'why-burst.ts', what: '(f) event-loop delay during 1,000 concurrent cold /why' },
  { name: 'why-cpu', file: 'why-cpu.ts', what: '(j) CPU of the first /why of a process (simulator apart)' },
  {
    name: 'alert-latency',
    file: 'alert-latency.ts',
    what: '(i) drop alert: price tick to message at the fake Discord and Telegram, idle and under 1,000 /why',
  },
  {
    name: 'scale-snapshot',
    file: 'scale-snapshot.ts',
    what: '(f) Redis: snapshot builds across 3 processes, 1,000 concurrent /why each',
    optIn: true,
  },
  {
    name: 'scale-fanout',
    file: 'scale-fanout.ts',
    what: '(g) Redis: 10,000-channel digest through the shared queue, 2 workers, one 50/s limit',
    optIn: true,
  },
] as const;

interface SectionRun {
  what: string;
  ok: boolean;
  seconds: number;
  results: SectionResults;
  error?: string;
}

function runSection(file: string): Promise<{ results?: SectionResults; code: number | null; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let results: SectionResults | undefined;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT_MARK)) results = JSON.parse(line.slice(RESULT_MARK.length)) as SectionResults;
        else process.stdout.write(`    ${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ...(results ? { results } : {}), code, seconds: (performance.now() - t0) / 1000 }),
    );
  });
}

function printTable(runs: Record<string, SectionRun>, checks: TargetCheck[]): void {
  const rows: string[][] = [['section', 'figure', 'value', 'target']];
  const targetOf = new Map(checks.map((c) => [c.key, c]));
  for (const [name, run] of Object.entries(runs)) {
    if (!run.ok) rows.push([name, 'FAILED', run.error ?? '', '']);
    for (const [key, value] of Object.entries(run.results)) {
      const check = targetOf.get(key);
      rows.push([name, key, String(value), check ? `${check.target} ${check.pass ? 'ok' : 'MISSED'}` : '']);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (cell.length > widths[i]! ? `${cell.slice(0, widths[i]! - 3)}...` : cell.padEnd(widths[i]!)))
      .join('  ');
  console.log(`\n${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(argv: string[]): Promise<number> {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : undefined;
  // the Redis sections need a Redis (REDIS_URL, default 127.0.0.1:6379) and take minutes: only when named
  const chosen = SECTIONS.filter((s) => (only === undefined ? !('optIn' in s) : only.has(s.name)));
  if (chosen.length === 0) {
    console.error(`no such section; choose from ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const started = new Date();
  const t0 = performance.now();
  const runs: Record<string, SectionRun> = {};
  for (const section of chosen) {
    console.log(`${section.name}: ${section.what}`);
    const { results, code, seconds } = await runSection(section.file);
    const ok = code === 0 && results !== undefined;
    runs[section.name] = {
      what: section.what,
      ok,
      seconds: Math.round(seconds * 10) / 10,
      results: results ?? {},
      ...(ok ? {} : { error: `exit code ${String(code)}` }),
    };
    console.log(`  ${ok ? 'done' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  }
  const all = Object.assign({}, ...Object.values(runs).map((r) => r.results)) as SectionResults;
  const checks = checkTargets(all);
  printTable(runs, checks);
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(
    `\ntotal ${totalSeconds.toFixed(1)} s; targets: ${checks.filter((c) => c.pass).length}/${checks.length} met`,
  );
  const report = {
    date: started.toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1e8) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    totalSeconds: Math.round(totalSeconds * 10) / 10,
    sections: runs,
    targets: checks,
  };
  const dir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to bench/results/latest.json`);
  return Object.values(runs).every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
