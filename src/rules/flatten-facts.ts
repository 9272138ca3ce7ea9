/** Flattens nested facts to the dotted names rules use (`measures.N2.emergencyAdmissionsChangePct`).
 *  Arrays stay whole (a rule tests them with `in`/`contains`); absent values are left out. */
export function flattenFacts(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) flattenFacts(v as Record<string, unknown>, name, out);
    else out[name] = v;
  }
  return out;
}
