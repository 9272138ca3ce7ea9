import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { MANDATE_OBJECTIVES } from './mandate-objectives.js';
import { parseDraftMandateObjectives } from './mandate-source.js';

// The draft mandate's full text, beside the project as the register is (../shared).
const SOURCE = join(projectRoot(), '..', 'shared', 'seeds', '001_6f7ac05c90a2ea91.txt');

describe('the mandate objectives data file', () => {
  const source = (): string => {
    if (!existsSync(SOURCE)) throw new Error(`the draft mandate's text is not at ${SOURCE}: the objectives cannot be checked`);
    return readFileSync(SOURCE, 'utf8');
  };

  it('holds exactly the 22 objectives of the draft mandate, as its text words them', () => {
    const parsed = parseDraftMandateObjectives(source());
    expect(parsed.map((o) => o.number)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(MANDATE_OBJECTIVES.map(({ number, text, items, domain, paragraph }) => ({ number, text, items, domain, paragraph }))).toEqual(parsed);
  });

  it('ties objectives 1–5 to the five Outcomes Framework domains (§2.7) and no other to one', () => {
    expect(MANDATE_OBJECTIVES.filter((o) => o.domain !== null).map((o) => [o.number, o.domain])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
  });

  it('has the objectives the barrier channel cites: integration (13), information (14), incentives and pricing (19)', () => {
    expect(MANDATE_OBJECTIVES[12].text).toMatch(/^Ensure that the new commissioning system promotes and supports the integration of care/);
    expect(MANDATE_OBJECTIVES[13].text).toMatch(/integrated information and IT/);
    expect(MANDATE_OBJECTIVES[18].text).toMatch(/extend and improve NHS pricing systems/);
    expect(MANDATE_OBJECTIVES[19].items).toHaveLength(4); // the four tests
  });

  it('would notice an objective worded differently from the source', () => {
    const altered = source().replace(
      'Support changes in services that lead to improved outcomes',
      'Support changes in services that lead to better outcomes',
    );
    const parsed = parseDraftMandateObjectives(altered);
    expect(parsed[19].text).not.toBe(MANDATE_OBJECTIVES[19].text);
  });
});
