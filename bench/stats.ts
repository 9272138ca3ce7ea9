/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `work` repeatedly for about `ms` and returns operations per second. */
export async function opsPerSecond(work: (i: number) => Promise<unknown>, ms: number): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) await work(n++);
  return (n * 1000) / (performance.now() - start);
}

export const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1)).padStart(8);

/** Two pieces of work measured side by side: alternating slices of `sliceMs` for about `ms`
 *  each, so that garbage collection and machine noise fall on both alike. Operations per second. */
export async function sideBySide(
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
  ms: number,
  sliceMs = 50,
): Promise<[number, number]> {
  const total = [
    { n: 0, ms: 0 },
    { n: 0, ms: 0 },
  ];
  const slice = async (work: (i: number) => Promise<unknown>, t: { n: number; ms: number }) => {
    const start = performance.now();
    while (performance.now() - start < sliceMs) await work(t.n++);
    t.ms += performance.now() - start;
  };
  for (let spent = 0; spent < ms; spent += sliceMs) {
    await slice(a, total[0]);
    await slice(b, total[1]);
  }
  return [(total[0].n * 1000) / total[0].ms, (total[1].n * 1000) / total[1].ms];
}
