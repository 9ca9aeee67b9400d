// CPython's `random.Random` for integer seeds, so that lb-web draws exactly what lb draws: the
// Mersenne Twister (MT19937) of Modules/_randommodule.c seeded like `random_seed` (init_by_array
// over the 32-bit words of |seed|), `getrandbits`, `_randbelow_with_getrandbits`, `random()` and
// `sample()` of Lib/random.py. Written against CPython 3.11 (the Python lb's fixtures come from);
// these routines are unchanged in 3.12 and 3.13, which lb targets.
// Browser-safe (lib/contract): the New-run form draws a random strategy's rates with it too.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** An integer seed as Python sees it: a JS integer (its exact value) or a bigint. */
export type PythonIntSeed = number | bigint;

function toBigInt(n: PythonIntSeed, what: string): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isInteger(n)) throw new TypeError(`${what} must be an integer, got ${n}`);
  return BigInt(n);
}

/** |seed| as little-endian 32-bit words, at least one (CPython: `_PyLong_AsByteArray`, little endian). */
function seedWords(seed: bigint): number[] {
  let n = seed < 0n ? -seed : seed;
  const words: number[] = [];
  do {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);
  return words;
}

export class PythonRandom {
  readonly #mt = new Uint32Array(N);
  #index = N;

  /** `random.Random(seed)` for an integer seed (lb's `RandomRateStrategy.seed` is `int | None`). */
  constructor(seed: PythonIntSeed) {
    this.seed(seed);
  }

  /** `Random.seed(int)`: all bits of |seed| are used; negative seeds equal their absolute value. */
  seed(seed: PythonIntSeed): void {
    this.#initByArray(seedWords(toBigInt(seed, 'seed')));
  }

  #initGenrand(s: number): void {
    const mt = this.#mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.#index = N;
  }

  #initByArray(key: readonly number[]): void {
    const mt = this.#mt;
    this.#initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  }

  /** `genrand_uint32`: the next tempered 32-bit output. */
  #next32(): number {
    const mt = this.#mt;
    if (this.#index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.#index = 0;
    }
    let y = mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random()`: a float in [0, 1) with 53 random bits (`genrand_res53`). */
  random(): number {
    const a = this.#next32() >>> 5;
    const b = this.#next32() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  /**
   * `getrandbits(k)`: an int with k random bits. Words are drawn least significant first; the
   * last (most significant) one keeps only its top bits, as CPython does.
   */
  getrandbits(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) throw new RangeError('number of bits must be a non-negative integer');
    if (k <= 32) return BigInt(this.#bits32(k));
    let out = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32, shift += 32n) {
      let r = this.#next32();
      if (left < 32) r >>>= 32 - left;
      out |= BigInt(r) << shift;
    }
    return out;
  }

  /** getrandbits for k ≤ 32, as a number. */
  #bits32(k: number): number {
    return k === 0 ? 0 : this.#next32() >>> (32 - k);
  }

  /** getrandbits for k ≤ 53, as a number (the words of `getrandbits`, combined exactly). */
  #bits53(k: number): number {
    if (k <= 32) return this.#bits32(k);
    const low = this.#next32();
    const high = this.#next32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /** `_randbelow_with_getrandbits(n)`: uniform int in [0, n), n > 0, by rejection on bit_length(n) bits. */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`randbelow needs a positive safe integer, got ${n}`);
    const k = bitLength(n);
    let r = this.#bits53(k);
    while (r >= n) r = this.#bits53(k);
    return r;
  }

  /**
   * `sample(population, k)` of Lib/random.py (without `counts`): k distinct positions, in
   * selection order. Like CPython it keeps a pool list when the population is small next to a
   * k-element set (`setsize`), and otherwise redraws positions already taken.
   */
  sample<T>(population: ArrayLike<T>, k: number): T[] {
    return this.sampleIndices(population.length, k).map((i) => population[i]!);
  }

  /**
   * The positions `sample(range(n), k)` returns, without materialising a large population
   * (`sample(seq, k)[i] == seq[sampleIndices(len(seq), k)[i]]`).
   */
  sampleIndices(n: number, k: number): number[] {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`population size must be a safe integer ≥ 0, got ${n}`);
    if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError('Sample larger than population or is negative');
    const result = new Array<number>(k);
    let setsize = 21; // size of a small set minus size of an empty list
    if (k > 5) setsize += 4 ** ceilLog4(k * 3); // table size for big sets
    if (n <= setsize) {
      // An n-length list is smaller than a k-length set. Invariant: non-selected at pool[0 : n-i].
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j]!;
        pool[j] = pool[n - i - 1]!; // move non-selected item into vacancy
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }
}

/** `int.bit_length()` of a positive safe integer. */
function bitLength(n: number): number {
  return n < 2 ** 31 ? 32 - Math.clz32(n) : n.toString(2).length;
}

/**
 * `math.ceil(math.log(x, 4))` for x = 3k (k ≥ 1): the least m with 4^m ≥ x. Computed on integers;
 * it equals CPython's float result because 3k is never a power of 4 (4^m ≡ 1 mod 3), so the
 * logarithm is never within rounding error of an integer.
 */
function ceilLog4(x: number): number {
  let m = 0;
  for (let p = 1; p < x; p *= 4) m++;
  return m;
}
