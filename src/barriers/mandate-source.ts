/**
 * Reads the draft mandate's objectives out of its text (`../shared/seeds/001_6f7ac05c90a2ea91.txt`,
 * *Our NHS care objectives: a draft mandate to the NHS Commissioning Board*, DH, July 2012), so
 * that `mandate-objectives.json` can be checked against the source it was taken from.
 */
export interface SourceObjective {
  number: number;
  /** The objective's sentence, without markup or footnote marks. */
  text: string;
  /** The listed parts that follow it (objectives 12, 15–18 and 20 have them). */
  items: string[];
  /** The NHS Outcomes Framework domain whose section it closes (objectives 1–5), else null. */
  domain: number | null;
  /** The numbered paragraph it follows, to cite it as `mandate §<paragraph>`. */
  paragraph: string;
}

const OBJECTIVE = /^\s*(?:-\s*)?\*\*Objective (\d+): (.*)$/;
const ITEM = /^\s+-\s+(.*)$/;
const HEADING = /^#{1,3}\s+(.*)$/;
const DOMAIN = /^Domain (\d): /;
const PARAGRAPH = /^\s*(?:-\s*)?(\d+\.\d+)\s/;

/** Markup off (bold, footnote marks), one space between words. */
export const plainText = (s: string): string =>
  s
    .replace(/<sup>\s*\d+\s*<\/sup>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export function parseDraftMandateObjectives(source: string): SourceObjective[] {
  const objectives: SourceObjective[] = [];
  let domain: number | null = null;
  let paragraph = '';
  let open: SourceObjective | undefined;
  for (const line of source.split(/\r?\n/)) {
    const objective = OBJECTIVE.exec(line);
    if (objective) {
      open = { number: Number(objective[1]), text: plainText(objective[2]), items: [], domain, paragraph };
      objectives.push(open);
      continue;
    }
    const item = open ? ITEM.exec(line) : null;
    if (open && item) {
      open.items.push(plainText(item[1]));
      continue;
    }
    open = undefined;
    const heading = HEADING.exec(line);
    if (heading) {
      const d = DOMAIN.exec(heading[1]);
      domain = d ? Number(d[1]) : null;
      continue;
    }
    const numbered = PARAGRAPH.exec(line);
    if (numbered) paragraph = numbered[1];
  }
  return objectives;
}
