import { z } from 'zod';
import 'reflect-metadata';
import { addOpenApiComponents, apiQuery, familyComponentName, toOpenApiSchema } from './openapi.js';

describe('toOpenApiSchema', () => {
  it('describes the input: a field with a default is optional, unknown keys refused by a strict object', () => {
    const json = toOpenApiSchema(z.strictObject({ a: z.string().min(1), b: z.enum(['x', 'y']).default('x'), n: z.coerce.number().int().optional() }));
    expect(json).toMatchObject({
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      properties: { a: { type: 'string', minLength: 1 }, b: { enum: ['x', 'y'], default: 'x' } },
    });
  });

  it('puts a recursive schema in the components, so every $ref resolves in the document', () => {
    const node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    const json = toOpenApiSchema(z.object({ tree: node }), 'Tree');
    const doc = addOpenApiComponents({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {} });
    const refs = [...JSON.stringify({ json, doc }).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components?.schemas).toHaveProperty(ref.replace('#/components/schemas/', ''));
  });
});

describe('apiQuery', () => {
  it('documents one query parameter per key of the schema, with its type, whether required and its default', () => {
    class Routes {
      list(): void {}
    }
    const schema = z.strictObject({ page: z.coerce.number().int().min(1).default(1), status: z.enum(['a', 'b']).optional(), year: z.string() });
    const descriptor = Object.getOwnPropertyDescriptor(Routes.prototype, 'list')!;
    apiQuery(schema)(Routes.prototype, 'list', descriptor);
    const documented =
      (Reflect.getMetadata('swagger/apiParameters', descriptor.value) as { name: string; in: string; required: boolean; schema: object }[]) ?? [];
    const byName = Object.fromEntries(documented.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(Object.keys(schema.shape).sort());
    expect(byName.page).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } });
    expect(byName.status).toMatchObject({ in: 'query', required: false, schema: { enum: ['a', 'b'] } });
    expect(byName.year).toMatchObject({ in: 'query', required: true, schema: { type: 'string' } });
  });
});

describe('familyComponentName', () => {
  it('names a family in PascalCase with the suffix', () => {
    expect(familyComponentName('quality-premium', 'Facts')).toBe('QualityPremiumFacts');
    expect(familyComponentName('authorisation-review', 'Override')).toBe('AuthorisationReviewOverride');
  });
});
