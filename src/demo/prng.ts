// Seeded randomness for the simulated server. Everything the demo generates (ids, text, timing,
// fault decisions) comes from here so that a given seed replays the same world: tests and benchmarks
// compare runs across servers, which Math.random would make impossible.

/** mulberry32: tiny, fast, good enough for simulation (not for cryptography). Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the labels, mixed with the seed: independent streams for independent concerns. */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const label of labels) {
    const text = `${String(label)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash;
}

export class Prng {
  private readonly next01: () => number;

  constructor(seed: number) {
    this.next01 = mulberry32(seed);
  }

  /** A generator whose sequence depends only on (seed, labels), not on what else drew numbers. */
  static derive(seed: number, ...labels: Array<string | number>): Prng {
    return new Prng(deriveSeed(seed, ...labels));
  }

  float(): number {
    return this.next01();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next01() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next01() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next01() * items.length)];
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next01() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Exponentially distributed delay with the given mean: Poisson arrivals look natural. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next01()) * mean;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.next01() * 16).toString(16);
    return out;
  }

  /** A version-4 UUID (variant bits 10xx), the shape Letta's id validators require (RUNS-API.md §1). */
  uuid4(): string {
    const variant = (8 + Math.floor(this.next01() * 4)).toString(16);
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
