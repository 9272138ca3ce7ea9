import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** `@Param('id', UUID_PARAM)`: a malformed id is a 400 that names the parameter. */
export const UUID_PARAM = new ParseUUIDPipe({
  exceptionFactory: () => DomainError.invalid([{ field: 'id', message: 'expected a UUID' }], 'BAD_REQUEST'),
});
