import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** Any UUID PostgreSQL's uuid type takes, in its canonical hyphenated form. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `@Param('id', UUID_PARAM)`: a malformed id is a 400 that names the parameter. */
export const UUID_PARAM = new ParseUUIDPipe({
  exceptionFactory: () => DomainError.invalid([{ field: 'id', message: 'expected a UUID' }], 'BAD_REQUEST'),
});
