// ODS-like codes for tests that need a register's worth of subjects but nothing else of the
// register: the codes a test names, then made-up ones ("00A", "00B", … "01A", …) to the count.
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function ccgCodes(count: number, named: readonly string[] = []): string[] {
  const codes = [...new Set(named)];
  const taken = new Set(codes);
  for (let n = 0; codes.length < count; n++) {
    const code = `${String(Math.floor(n / LETTERS.length)).padStart(2, '0')}${LETTERS[n % LETTERS.length]}`;
    if (!taken.has(code)) codes.push(code);
  }
  return codes.slice(0, count);
}
