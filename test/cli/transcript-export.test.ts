// e (save) and P (pager) over a real run: the simulated server on loopback, the real sync pipeline.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageTranscript, saveTranscript, transcriptFileName } from '../../src/cli/transcript-export.js';
import { entryText } from '../../src/ui/transcript-text.js';
import { demoServer, startPipeline, waitFor } from '../faults/pipeline.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'runs-top-export-'));

async function finishedRun() {
  const server = await demoServer({ seed: 3 });
  const runId = server.addRun({ live: false, outcome: 'end_turn', text: 'The answer is \u001b[31m42\u001b[0m.\nSee you.' });
  const pipeline = startPipeline(server.url, { poller: {} });
  await waitFor(() => pipeline.state().runs.byId[runId], 'the run in the list');
  pipeline.select(runId);
  await pipeline.waitDone(runId);
  return { runId, pipeline };
}

describe('saving a transcript (e)', () => {
  it('writes the run as the store has it, with a header, to runs-top-<run id>.txt', async () => {
    const { runId, pipeline } = await finishedRun();
    const dir = tempDir();
    const sentence = await saveTranscript(pipeline.store, runId, [dir]);
    const file = path.join(dir, `runs-top-${runId}.txt`);
    expect(sentence).toBe(`saved the transcript of ${runId.replace(/^run-/, '').slice(0, 8)} to ${file}`);
    const text = readFileSync(file, 'utf8');
    const run = pipeline.state().runs.byId[runId];
    expect(text).toContain(`run      ${runId}\n`);
    expect(text).toContain(`agent    ${pipeline.state().agents[run.agentId!] ?? ''}`);
    expect(text).toMatch(/status {3}completed\nstop {5}end_turn\ncreated {2}\d{4}-\d\d-\d\dT/);
    // Every message, the answer's second line indented under its label, no terminal control codes.
    expect(text).toMatch(/\nagent {4}The answer is 42\.\n {9}See you\.\n/);
    expect(text).toMatch(/\nstop {5}end_turn\n$/);
    expect(text).not.toMatch(/\u001b/);
    const entries = pipeline.detailOf(runId)!.transcript.entries;
    expect(entries.length).toBeGreaterThan(2);
    for (const entry of entries) expect(text).toContain(entryText(entry).split('\n')[0]);
  });

  it('never overwrites: a second save gets a numbered name', async () => {
    const { runId, pipeline } = await finishedRun();
    const dir = tempDir();
    writeFileSync(path.join(dir, `runs-top-${runId}.txt`), 'precious');
    expect(await saveTranscript(pipeline.store, runId, [dir])).toContain(`runs-top-${runId}-2.txt`);
    expect(await saveTranscript(pipeline.store, runId, [dir])).toContain(`runs-top-${runId}-3.txt`);
    expect(readFileSync(path.join(dir, `runs-top-${runId}.txt`), 'utf8')).toBe('precious');
  });

  it('falls back to the next directory when one cannot be written, and says why when none can', async () => {
    const { runId, pipeline } = await finishedRun();
    const fallback = tempDir();
    const missing = path.join(fallback, 'no', 'such', 'dir');
    // A directory that does not exist stands in for one that cannot be written (root writes anywhere).
    expect(await saveTranscript(pipeline.store, runId, [missing, fallback])).toContain(fallback);
    expect(readdirSync(fallback)).toContain(`runs-top-${runId}.txt`);
    await expect(saveTranscript(pipeline.store, runId, [missing])).rejects.toThrow(/could not save the transcript \(.*ENOENT\)/);
  });

  it('makes a safe file name of any run id the server sends', () => {
    expect(transcriptFileName('run-1234')).toBe('runs-top-run-1234.txt');
    expect(transcriptFileName('../../etc/passwd')).toBe('runs-top-_.._etc_passwd.txt');
    expect(transcriptFileName('..')).toBe('runs-top-run.txt');
    expect(transcriptFileName('a/b', 2)).toBe('runs-top-a_b-2.txt');
  });
});

describe('showing a transcript in the pager (P)', () => {
  it('gives $PAGER the text on its input, the terminal suspended around it', async () => {
    const { runId, pipeline } = await finishedRun();
    const out = path.join(tempDir(), 'paged.txt');
    const events: string[] = [];
    const suspend = (run: () => void) => {
      events.push('suspend');
      run();
      events.push('resume');
    };
    const sentence = await pageTranscript(pipeline.store, runId, suspend, { ...process.env, PAGER: `cat > '${out}'` });
    expect(sentence).toBe('closed the pager (cat)');
    expect(events).toEqual(['suspend', 'resume']);
    expect(readFileSync(out, 'utf8')).toContain(`run      ${runId}\n`);
  });

  it('says so when the pager does not exist, and needs a terminal', async () => {
    const { runId, pipeline } = await finishedRun();
    const suspend = (run: () => void) => run();
    await expect(pageTranscript(pipeline.store, runId, suspend, { ...process.env, PAGER: 'no-such-pager-runs-top' })).rejects.toThrow(
      'no pager: "no-such-pager-runs-top" was not found (check $PAGER)',
    );
    await expect(pageTranscript(pipeline.store, runId, undefined)).rejects.toThrow('no terminal to show a pager in');
  });
});
