// The report of an internal error (a bug, not bad input): its message and where it happened in our
// source. The CLI ships as one bundle (scripts/build.mjs), so the stack names lines of dist/cli.js;
// its source map turns them back into src/ lines. The map is read only here, when something has
// already gone wrong: turning Node's source maps on for every start costs more than 100 ms.

import { readFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAMES = 8;

/** "runs-top: internal error: <message>" and the stack's frames, mapped to src/ where the map knows them. */
export function internalErrorReport(error: unknown, heading = 'internal error: '): string {
  if (!(error instanceof Error)) return `runs-top: ${heading}${String(error)}\n`;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  const mapped = frames.slice(0, FRAMES).map(sourceMapped());
  return `runs-top: ${heading}${error.message}\n${mapped.map((frame) => `    ${frame.trim()}\n`).join('')}`;
}

/** Maps "/…/cli.js:12:345" (a file: URL when loaded as a module) in a frame to "src/…/file.ts:67:8", or leaves the frame as it is. */
function sourceMapped(): (frame: string) => string {
  const bundle = fileURLToPath(import.meta.url);
  let map: module.SourceMap | undefined;
  try {
    map = new module.SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as module.SourceMapPayload);
  } catch {
    return (frame) => frame; // not bundled (tests run the sources), or the map is missing
  }
  const location = new RegExp(`(?:file://)?${escape(bundle)}:(\\d+):(\\d+)`);
  return (frame) =>
    frame.replace(location, (whole, line: string, column: string) => {
      const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as Partial<module.SourceMapping>;
      if (!entry.originalSource) return whole;
      const source = path.relative(path.dirname(bundle), fileURLToPath(new URL(entry.originalSource, `file://${bundle}`)));
      return `${source.replace(/^(\.\.\/)+/, '')}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}`;
    });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
