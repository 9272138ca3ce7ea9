import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from './domain-error.js';
import { errorBodySchema } from './api-responses.js';

/*
 * OpenAPI schemas generated from the zod schemas that validate the requests, so /docs cannot drift
 * from validation: pass the very schema object the controller or service parses with, never a
 * copy. What JSON Schema cannot say (refinements across fields, transforms) is left out, and the
 * 422 naming the field stays the final word.
 */

/** Definitions a recursive schema needs (`$ref`s), gathered here and added to the document's
 *  components by `addOpenApiComponents`. */
const pendingComponents: Record<string, SchemaObject> = {};
let definitionsSeen = 0;

/** A copy of `value` with each `$ref` that `refs` names pointed at its new place. */
const moveRefs = (value: unknown, refs: Map<string, string>): unknown => {
  if (Array.isArray(value)) return value.map((v) => moveRefs(v, refs));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? (refs.get(v) ?? v) : moveRefs(v, refs)]),
  );
};

/**
 * The OpenAPI 3.0 schema of what `schema` accepts as input (a field with a default is optional,
 * a coerced one is described before coercion). The definitions of recursive parts become
 * components (`<name>_<n>`), kept until `addOpenApiComponents` puts them in the document.
 */
export function toOpenApiSchema(schema: z.ZodType, name = 'Schema'): SchemaObject {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  const { definitions = {}, ...json } = generated as { definitions?: Record<string, unknown> };
  // zod refers to a recursive root as `#`, which in a document is the document: the root becomes a component too.
  const selfRef = JSON.stringify(json).includes('"$ref":"#"');
  if (Object.keys(definitions).length === 0 && !selfRef) return json;
  const refs = new Map<string, string>();
  const place = (ref: string, part: unknown) => {
    const component = `${name}_${(definitionsSeen += 1)}`;
    refs.set(ref, `#/components/schemas/${component}`);
    return () => (pendingComponents[component] = moveRefs(part, refs) as SchemaObject);
  };
  const moves = [...Object.entries(definitions).map(([key, part]) => place(`#/definitions/${key}`, part)), ...(selfRef ? [place('#', json)] : [])];
  for (const move of moves) move();
  return selfRef ? ({ $ref: refs.get('#') } as SchemaObject) : (moveRefs(json, refs) as SchemaObject);
}

/** `@ApiBody` for a route whose body `schema` validates. `each` documents the elements of an array
 *  property that the body schema leaves open and another schema checks one by one (a batch's
 *  items, each an assessment request). */
export function apiBody(
  schema: z.ZodType,
  options: { description?: string; required?: boolean; each?: Record<string, z.ZodType> } = {},
): MethodDecorator {
  const json = toOpenApiSchema(schema);
  for (const [property, element] of Object.entries(options.each ?? {})) {
    const array = json.properties?.[property] as SchemaObject | undefined;
    if (array?.type !== 'array') throw new Error(`apiBody: "${property}" is not an array property of the body schema`);
    array.items = toOpenApiSchema(element);
  }
  // Every route that reads a body can refuse it before the route runs: too large, or not JSON.
  const error = toOpenApiSchema(errorBodySchema, 'ErrorBody');
  return applyDecorators(
    ApiBody({ schema: json, required: options.required ?? true, description: options.description }),
    ApiResponse({ status: 413, description: 'the body is larger than BODY_LIMIT', schema: error }),
    ApiResponse({ status: 415, description: 'the body is not JSON (Content-Type), not UTF-8, or in an unknown Content-Encoding', schema: error }),
  );
}

/** One `@ApiQuery` per parameter of the query string `schema` validates (the object the route's
 *  `@Query()` is parsed with): names, types, whether required and defaults, from that one schema. */
export function apiQuery(schema: z.ZodObject): MethodDecorator {
  const json = toOpenApiSchema(schema, 'Query');
  const required = new Set(json.required ?? []);
  const parameters = Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as SchemaObject;
    return ApiQuery({ name, required: required.has(name), schema: rest, ...(description ? { description } : {}) });
  });
  return applyDecorators(...parameters);
}

/** `@ApiResponse` for a status the route answers, with its body's schema where a zod schema
 *  describes it. */
export function apiResponse(status: number, description: string, schema?: z.ZodType): MethodDecorator & ClassDecorator {
  return schema ? ApiResponse({ status, description, schema: toOpenApiSchema(schema) }) : ApiResponse({ status, description });
}

/** The refusals every write route can give (the body is `{statusCode, error, message, issues:
 *  [{field, message}]}`, see HttpExceptionFilter). */
export function apiRefusals(...statuses: (400 | 404 | 409 | 422)[]): MethodDecorator {
  const text: Record<number, string> = {
    400: 'malformed input (not JSON, unsafe keys, a bad path parameter), naming the field',
    404: 'not found',
    409: `a conflict; \`error\` says which (${Object.keys(ERROR_STATUS)
      .filter((code) => ERROR_STATUS[code as ErrorCode] === 409)
      .join(', ')})`,
    422: 'the body does not validate; `issues` names each field',
  };
  const body = toOpenApiSchema(errorBodySchema, 'ErrorBody');
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: text[status], schema: body })));
}

/** The component name of a family's schema, e.g. `QualityPremiumFacts` for `quality-premium`. */
export const familyComponentName = (familyId: string, suffix: string): string =>
  familyId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('') + suffix;

/** Adds named schemas, and the definitions gathered by `toOpenApiSchema`, to a document. */
export function addOpenApiComponents(document: OpenAPIObject, schemas: Record<string, SchemaObject> = {}): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...pendingComponents, ...schemas };
  return document;
}
