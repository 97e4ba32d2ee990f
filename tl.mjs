const { default: pty } = await import('@lydell/node-pty');
const url = process.argv[2];
const env = { ...process.env, TERM: 'xterm-256color' }; delete env.CI;
const t0 = performance.now();
const extra = process.argv.slice(3);
const child = pty.spawn(process.execPath, [...extra, '/work/wt-ship/dist/runs-top.js', '--base-url', url], { cols: 160, rows: 45, env, cwd: '/tmp/prof' });
let n = 0; let done = false;
child.onData((d) => { n++; const plain = d.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, ''); if (n < 6) console.log((performance.now() - t0).toFixed(0), d.length, JSON.stringify(plain.slice(0, 50))); if (!done && /completed/.test(plain)) { done = true; console.log('DATA at', (performance.now() - t0).toFixed(0)); setTimeout(() => child.write('q'), 200); } });
child.onExit(() => process.exit(0));
