import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/cli/config.js';
import { loadKeyBindings } from '../../src/cli/config-file.js';
import { applyKeyOverrides, buildLookup, KEYMAP, keymapMarkdown } from '../../src/ui/keymap.js';

describe('keymap', () => {
  it('binds every key to exactly one action', () => {
    const { errors } = applyKeyOverrides({});
    expect(errors).toEqual([]);
    const lookup = buildLookup();
    expect(lookup.get('j')).toBe('down');
    expect(lookup.get('ctrl+c')).toBe('quit');
  });

  it('applies rebindings and rejects bad ones with a clear sentence', () => {
    const ok = applyKeyOverrides({ quit: ['ctrl+q'], down: ['j', 'down', 'ctrl+n'] });
    expect(ok.errors).toEqual([]);
    expect(buildLookup(ok.bindings).get('ctrl+q')).toBe('quit');
    expect(buildLookup(ok.bindings).get('q')).toBeUndefined();
    expect(applyKeyOverrides({ explode: ['e'] }).errors[0]).toMatch(/unknown action "explode"/);
    expect(applyKeyOverrides({ quit: ['j'] }).errors[0]).toMatch(/"j" is bound to both/);
    expect(applyKeyOverrides({ quit: ['hyper+x'] }).errors[0]).toMatch(/unknown key "hyper\+x"/);
    expect(applyKeyOverrides({ quit: [] }).errors[0]).toMatch(/non-empty list/);
    expect(applyKeyOverrides(['q']).errors[0]).toMatch(/must be an object/);
  });

  it('loads bindings from the config file and names the file in every error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ keys: { refresh: ['R', 'ctrl+r'] } }));
    expect(buildLookup(loadKeyBindings(good)).get('ctrl+r')).toBe('refresh');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"keys": {"quit": "j"}}');
    expect(() => loadKeyBindings(bad)).toThrow(ConfigError);
    expect(() => loadKeyBindings(bad)).toThrow(/bad\.json: bad key binding: key "j" is bound to both/);
    writeFileSync(bad, '{not json');
    expect(() => loadKeyBindings(bad)).toThrow(/not valid JSON/);
    expect(() => loadKeyBindings(path.join(dir, 'missing.json'))).toThrow(/cannot read/);
    // No file at the default place is fine: the defaults apply.
    expect(loadKeyBindings(undefined, { RUNS_TOP_CONFIG: path.join(dir, 'absent.json') }).length).toBe(0 + KEYMAP.length);
  });

  it("the README's key table is the keymap table", () => {
    const readme = readFileSync(path.resolve('README.md'), 'utf8');
    expect(readme).toContain(keymapMarkdown());
  });
});
