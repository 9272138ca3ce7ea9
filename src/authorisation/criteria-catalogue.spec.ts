import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { FamilyDefinitionError } from '../rules/rule-family.js';
import { ruleSetSchema } from '../rules/rule-set.schema.js';
import { catalogueFor, useCatalogueRulesDir } from './criteria-catalogue.js';

const rules = join(projectRoot(), 'rules');
const ruleSet = ruleSetSchema.parse(JSON.parse(readFileSync(join(rules, 'authorisation', 'auth-2012-13.json'), 'utf8')));

describe('criteria catalogue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-'));
  });
  afterEach(() => {
    useCatalogueRulesDir(rules);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read from the RULES_DIR the application was given, beside the rule set that names it', () => {
    cpSync(join(rules, 'authorisation'), join(dir, 'authorisation'), { recursive: true });
    useCatalogueRulesDir(dir);
    expect(catalogueFor(ruleSet).criteria).toHaveLength(119);
  });

  it('missing there, is a broken family definition naming RULES_DIR and the file', () => {
    useCatalogueRulesDir(dir);
    const read = () => catalogueFor(ruleSet);
    expect(read).toThrow(FamilyDefinitionError);
    expect(read).toThrow(
      `rule set auth-2012-13 names the criteria catalogue criteria.catalogue.json, not usable in RULES_DIR (${join(dir, 'authorisation', 'criteria.catalogue.json')}): no such file`,
    );
  });

  it('broken there, names the file and what is wrong with it', () => {
    mkdirSync(join(dir, 'authorisation'));
    writeFileSync(
      join(dir, 'authorisation', 'criteria.catalogue.json'),
      JSON.stringify({ title: 'CCG authorisation', source: 'NHS CB', domains: {}, criteria: [] }),
    );
    useCatalogueRulesDir(dir);
    expect(() => catalogueFor(ruleSet)).toThrow(/not usable in RULES_DIR .*: criteria.catalogue.json: criteria: /);
  });
});
