import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldIssue } from './domain-error.js';
import { findOversizedInteger, findUnsafeValue } from './unsafe-json.js';

/** Bodies the JSON middleware has walked already, so the pipe does not walk them twice. */
const walked = new WeakSet<object>();

const refuse = (issue: FieldIssue): DomainError => DomainError.invalid([issue], 'BAD_REQUEST');

/** The API takes JSON bodies only: a body sent as anything else (`text/plain`, a form) would reach
 *  the route as nothing and be refused for its content, so it is refused for its type instead. */
export function requireJsonApiBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  // Express routes paths case-insensitively, so `/API/v1/...` is the API too.
  if (!hasBody || !/^\/api\//i.test(req.path) || req.is(['application/json', 'application/*+json'])) return next();
  const sent = req.headers['content-type'] ?? 'none';
  next(
    new DomainError('UNSUPPORTED_MEDIA_TYPE', `the API takes JSON bodies: Content-Type ${sent} is not application/json`, [
      { field: 'Content-Type', message: 'expected application/json' },
    ]),
  );
}

/** Runs right after the JSON body parser, so a body the service must not take reaches no route,
 *  however the route reads it (the batch intake writes with one raw SQL statement). */
export function refuseUnsafeJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return next();
  const issue = findUnsafeValue(body);
  if (issue) return next(refuse(issue));
  walked.add(body);
  next();
}

/** Global pipe: query strings, path parameters and bodies of other parsers (the console's forms)
 *  get the same checks, each problem named `query.<name>`, by the parameter's name or by the field.
 *  Thrown here, a refusal is shown by the route's own filter (the console's as a page). */
@Injectable()
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'custom' || value === undefined) return value;
    if (value !== null && typeof value === 'object' && walked.has(value)) return value;
    const field = meta.type === 'query' ? (meta.data ? `query.${meta.data}` : 'query') : (meta.data ?? '');
    // `@Query('x') x: string` must get one string, not the array a repeated key makes.
    if (meta.data && meta.metatype === String && typeof value !== 'string') throw refuse({ field, message: 'expected a single value' });
    const issue = findUnsafeValue(value, field) ?? (meta.type === 'query' ? findOversizedInteger(value, field) : undefined);
    if (issue) throw refuse(issue);
    return value;
  }
}
