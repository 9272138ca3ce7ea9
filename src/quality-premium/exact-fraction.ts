/**
 * Exact non-negative fractions for the premium arithmetic. Weights and reductions are written in
 * rule files as decimals (0.125, 0.25, 0.15); multiplying them as floats drifts (0.15 × 3 is not
 * 0.45), and `floor(pence × fraction)` would then lose a penny. Reading each decimal from its
 * shortest written form and working in BigInt keeps every worked check exact.
 */
export class ExactFraction {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static readonly ZERO = new ExactFraction(0n, 1n);
  static readonly ONE = new ExactFraction(1n, 1n);

  static of(num: bigint, den: bigint): ExactFraction {
    if (den <= 0n || num < 0n) throw new RangeError(`not a non-negative fraction: ${num}/${den}`);
    const g = gcd(num, den);
    return new ExactFraction(num / g, den / g);
  }

  /** The decimal as written (JavaScript prints the shortest form that round-trips), e.g. 0.15 → 3/20. */
  static fromDecimal(value: number): ExactFraction {
    // Rule sets use a handful of weights and reductions, read on every evaluation: parse each once.
    let known = decimals.get(value);
    if (!known) {
      known = ExactFraction.parseDecimal(value);
      if (decimals.size < 10_000) decimals.set(value, known);
    }
    return known;
  }

  private static parseDecimal(value: number): ExactFraction {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative finite number: ${value}`);
    const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
    if (!m) throw new RangeError(`cannot read ${value} as a decimal`);
    const digits = m[1] + (m[2] ?? '');
    const exponent = Number(m[3] ?? 0) - (m[2]?.length ?? 0);
    return exponent >= 0
      ? ExactFraction.of(BigInt(digits) * 10n ** BigInt(exponent), 1n)
      : ExactFraction.of(BigInt(digits), 10n ** BigInt(-exponent));
  }

  plus(o: ExactFraction): ExactFraction {
    return ExactFraction.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  times(o: ExactFraction): ExactFraction {
    return ExactFraction.of(this.num * o.num, this.den * o.den);
  }

  /** `1 − this`, never below zero (reductions beyond 100 % take everything, no more). */
  complement(): ExactFraction {
    return this.num >= this.den ? ExactFraction.ZERO : ExactFraction.of(this.den - this.num, this.den);
  }

  min(o: ExactFraction): ExactFraction {
    return this.num * o.den <= o.num * this.den ? this : o;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** floor(integer × this), exactly. */
  floorOf(integer: number): number {
    if (!Number.isSafeInteger(integer) || integer < 0) throw new RangeError(`not a non-negative safe integer: ${integer}`);
    return Number((BigInt(integer) * this.num) / this.den);
  }

  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** Fractions are immutable, so one parse of a decimal serves every evaluation. */
const decimals = new Map<number, ExactFraction>();
