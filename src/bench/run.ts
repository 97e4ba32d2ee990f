// `npm run bench [scenario…]`: runs the scenarios (all by default) one after another and prints
// their figures. The numbers go into the README's performance section by hand, with the machine.

import type { BenchScenario } from './scenario.js';

async function loadScenarios(): Promise<BenchScenario[]> {
  const [{ startUp }, { terminalBytes }, { streamThroughput }, { fleetLatency }, { agentsLatency }, { usageBudget }, { idleCpu }, { soak }, { runRetention }, { eventsSoak }] = await Promise.all([
    import('./start-up.js'),
    import('./terminal-bytes.js'),
    import('./stream-throughput.js'),
    import('./fleet-latency.js'),
    import('./agents-latency.js'),
    import('./usage-budget.js'),
    import('./idle-cpu.js'),
    import('./soak.js'),
    import('./run-retention.js'),
    import('./events-soak.js'),
  ]);
  return [startUp, terminalBytes, streamThroughput, fleetLatency, agentsLatency, usageBudget, idleCpu, soak, runRetention, eventsSoak];
}

async function main(): Promise<void> {
  // Measure the production React build, as the CLI runs it (cli/main.ts); scenarios load after this.
  process.env.NODE_ENV ??= 'production';
  const SCENARIOS = await loadScenarios();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length) {
    process.stderr.write(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const selected = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  process.stdout.write(`runs-top bench · node ${process.version} · ${process.platform}/${process.arch}\n`);
  for (const scenario of selected) {
    process.stdout.write(`\n## ${scenario.name}: ${scenario.description}\n`);
    const started = Date.now();
    const figures = await scenario.run();
    for (const figure of figures) {
      const value = typeof figure.value === 'number' ? Number(figure.value.toFixed(2)) : figure.value;
      const target = figure.target ? `  (target ${figure.target}: ${figure.ok ? 'met' : 'MISSED'})` : '';
      process.stdout.write(`  ${figure.label.padEnd(34)} ${value}${figure.unit ? ` ${figure.unit}` : ''}${target}\n`);
    }
    process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  // Loopback servers and pools are closed by each scenario; exit regardless of a stray timer.
  process.exit(0);
}

// The same bundle, forked with --child, is the benchmarks' server process (server-process.ts starts
// it when loaded with that flag).
if (process.argv.includes('--child')) void import('./server-process.js');
else void main();
