import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { dateInWords, money, number, percent, percentDifference } from '../common/format.js';
import { type RuleFamily, templateFor } from '../rules/rule-family.js';
import { buildDecisionView, type DecisionViewInput } from './decision-view.js';

/** Formatting helpers every template may use (src/common/format.ts). Values are formatted, never trusted as HTML. */
function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('money', (pence: unknown) => (typeof pence === 'number' ? money(pence) : ''));
  hbs.registerHelper('percent', (fraction: unknown) => (typeof fraction === 'number' ? percent(fraction) : ''));
  // `after − before` from the two shares as printed, so the printed figures add up.
  hbs.registerHelper('percentDifference', (after: unknown, before: unknown) =>
    typeof after === 'number' && typeof before === 'number' ? percentDifference(after, before) : '',
  );
  hbs.registerHelper('date', (iso: unknown) => (typeof iso === 'string' || iso instanceof Date ? dateInWords(iso) : ''));
  hbs.registerHelper('json', (value: unknown) => (value === undefined ? '' : JSON.stringify(value)));
  // Numbers as a reader reads them: 200,000 and 1.3, not 200000 and 1.30000001.
  hbs.registerHelper('number', (value: unknown) => (typeof value === 'number' ? number(value) : value));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
}

function listTemplates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listTemplates(path) : name.endsWith('.hbs') ? [path] : [];
  });
}

/**
 * Compiles every template under templates/ once, at start-up. Documents are a family's body
 * template wrapped in `layouts/decision`. Handlebars escapes every `{{value}}`, so text a user
 * supplied (a reason, a note) renders inert.
 */
export class DocumentRenderer {
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  /** Digest of every template's name and source: which template set rendered a document. */
  readonly version: string;

  constructor(templatesDir: string) {
    registerHelpers(this.hbs);
    const digest = createHash('sha256');
    for (const path of listTemplates(templatesDir).sort()) {
      const name = relative(templatesDir, path)
        .replace(/\\/g, '/')
        .replace(/\.hbs$/, '');
      const source = readFileSync(path, 'utf8');
      digest.update(`${name}\0${source}\0`);
      if (name.startsWith('partials/')) this.hbs.registerPartial(name.slice('partials/'.length), source);
      else this.templates.set(name, this.hbs.compile(source, { strict: false, noEscape: false }));
    }
    this.version = digest.digest('hex').slice(0, 16);
  }

  /** A helper of this renderer's templates only (the console's outcome words). */
  registerHelper(name: string, helper: Handlebars.HelperDelegate): void {
    this.hbs.registerHelper(name, helper);
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  render(name: string, view: object): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`no template "${name}" under templates/`);
    return template(view, { allowProtoPropertiesByDefault: false });
  }

  /** A decision's document as its family presents it: the family's body template for the
   *  outcome shown (issued, else proposed) inside the shared layout. */
  decisionDocument(family: RuleFamily, input: Omit<DecisionViewInput, 'familyId' | 'familyTitle'>): { template: string; document: string } {
    const template = templateFor(family, (input.review?.final ?? input.proposed).key);
    const view = {
      ...buildDecisionView({ familyId: family.id, familyTitle: family.title, ...input }),
      issuedBy: family.issueModes.includes('panel') ? 'panel' : 'reviewer',
    };
    return { template, document: this.renderDecision(template, view) };
  }

  /** A body template inside a layout template, which places it with `{{body}}`. */
  renderWithin(layout: string, bodyTemplate: string, view: object): string {
    const body = new Handlebars.SafeString(this.render(bodyTemplate, view));
    return this.render(layout, { ...view, body });
  }

  /** A family document inside the shared decision layout. */
  renderDecision(bodyTemplate: string, view: object): string {
    return this.renderWithin('layouts/decision', bodyTemplate, view);
  }
}
