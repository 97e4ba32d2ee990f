// Where start-up time goes, measured in the process that pays for it: with RUNS_TOP_STARTUP_TRACE=FILE
// each mark is the time since the process started (performance.now() counts from Node's own start)
// and the list is written to FILE as JSON at exit. `npm run bench` (start-up) reads it to print each
// step beside the time a user sees from outside. Unset, a mark costs one comparison.

import { writeFileSync } from 'node:fs';
import { launchInfo } from '../launcher/handshake.js';

const file = process.env.RUNS_TOP_STARTUP_TRACE;
const marks: Array<[label: string, ms: number]> = [];
let frames = 0;

if (file) {
  process.on('exit', () => {
    try {
      // The bin's own steps (reading the code cache, compiling the bundle) come first.
      writeFileSync(file, JSON.stringify([...(launchInfo()?.marks ?? []), ...marks]));
    } catch {
      // A trace is a measuring aid: failing to write it must not change how the program exits.
    }
  });
}

/** Records that start-up reached `label` now (the first time only: later passes are not start-up). */
export function startupMark(label: string): void {
  if (!file || marks.some(([seen]) => seen === label)) return;
  marks.push([label, performance.now()]);
}

/** Records a frame reaching the terminal through the changed-rows writer, the first few numbered. */
export function startupFrame(bytes: number): void {
  if (!file || frames >= 3) return;
  frames++;
  marks.push([`frame ${frames} written (${bytes} B)`, performance.now()]);
}
