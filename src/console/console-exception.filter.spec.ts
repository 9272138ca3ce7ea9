import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { errorPage, homeOf, plainIssue } from './console-exception.filter.js';

describe('plainIssue', () => {
  it("says what an address's parameter must be, never its path or the schema's wording", () => {
    expect(plainIssue({ field: 'query.page', message: 'Invalid input: expected number, received NaN' })).toBe('page must be a whole number from 1');
    expect(plainIssue({ field: 'query.page', message: 'Too small: expected number to be >=1' })).toBe('page must be a whole number from 1');
    expect(plainIssue({ field: 'query.family', message: 'Invalid input: expected string, received array' })).toBe('choose one family at a time');
    expect(plainIssue({ field: 'query.year', message: 'Invalid input: expected string, received undefined' })).toBe(
      'year is missing: it must be a financial year like 2013/14',
    );
    expect(plainIssue({ field: 'query.rows', message: 'Invalid option: expected one of "all"|"changed"' })).toBe('rows must be one of all, changed');
    expect(plainIssue({ field: 'query.region', message: 'Too big: expected string to have <=200 characters' })).toBe(
      'region must be at most 200 characters',
    );
    expect(plainIssue({ field: 'query.zz', message: 'Unrecognized key: "zz"' })).toBe('this page takes no zz');
    expect(plainIssue({ field: 'query.quarter', message: 'expected a quarter like 2013-Q3' })).toBe('quarter must be a quarter like 2013-Q3');
  });

  it('keeps our own words, naming the field where they do not', () => {
    expect(plainIssue({ field: 'query.region', message: '"Atlantis" is not a region of the register' })).toBe(
      '"Atlantis" is not a region of the register',
    );
    expect(plainIssue({ field: 'query.afterSeq', message: 'an integer beyond ±9223372036854775807' })).toBe(
      'afterSeq is an integer beyond ±9223372036854775807',
    );
    expect(plainIssue({ field: 'name', message: 'contains a NUL character' })).toBe('name contains a NUL character');
    expect(plainIssue({ field: 'query.with', message: 'no such version' })).toBe('with: no such version');
  });
});

describe('errorPage', () => {
  it('a bad address of a page, in words', () => {
    const error = DomainError.invalid([{ field: 'query.page', message: 'Invalid input: expected number, received NaN' }], 'BAD_REQUEST');
    expect(errorPage(error, 'GET')).toEqual({
      status: 400,
      title: 'There is a problem with the request',
      message: 'The page address is not right: page must be a whole number from 1.',
      details: [],
    });
    const two = DomainError.invalid(
      [
        { field: 'query.page', message: 'Too small: expected number to be >=1' },
        { field: 'query.family', message: 'Invalid input: expected string, received array' },
      ],
      'BAD_REQUEST',
    );
    expect(errorPage(two, 'GET')).toMatchObject({
      message: 'The page address is not right:',
      details: ['Page must be a whole number from 1.', 'Choose one family at a time.'],
    });
    expect(errorPage(DomainError.invalid([{ field: 'query.family', message: 'expected a single value' }], 'BAD_REQUEST'), 'GET').message).toBe(
      'Choose one family at a time.',
    );
  });

  it('what was not found, in words', () => {
    expect(errorPage(DomainError.notFound('decision', 'x'), 'GET')).toMatchObject({
      status: 404,
      title: 'Page not found',
      message: 'We could not find that decision.',
    });
    expect(errorPage(new DomainError('NOT_FOUND', 'There is no page at this address.'), 'GET').message).toBe('There is no page at this address.');
    expect(errorPage(new NotFoundException('Cannot GET /console/x'), 'GET').message).toBe('There is no page at this address.');
  });

  it("Nest's own refusals in words", () => {
    expect(errorPage(new BadRequestException('Validation failed (uuid is expected)'), 'GET').message).toBe(
      'The page address is not right: the id in it is not in the right form.',
    );
    expect(errorPage(new HttpException('ThrottlerException: Too Many Requests', 429), 'GET')).toMatchObject({
      status: 429,
      title: 'Too many requests',
    });
  });

  it('a form refused before any route, in the words of the API’s answer', () => {
    const refusal = (status: number, field: string, message: string) => ({ status, body: { message, issues: [{ field, message }] } });
    expect(errorPage(new Error(), 'POST', refusal(413, '(body)', 'request body is larger than the limit (BODY_LIMIT)')).message).toMatch(
      /^What you sent is larger than the limit/,
    );
    expect(errorPage(new Error(), 'POST', refusal(415, 'Content-Type', 'charset')).message).toMatch(/character set .* UTF-8/);
    expect(
      errorPage(new Error(), 'POST', refusal(400, '(body)', 'request body could not be read: it does not inflate under its Content-Encoding'))
        .message,
    ).toBe('The form could not be read: it does not inflate under its Content-Encoding. Nothing was saved.');
    const notText = Object.assign(new Error('a field (note) does not decode to UTF-8 text'), {
      status: 400,
      type: 'form.text.invalid',
      field: 'note',
    });
    const wrapped = new HttpException('bad', 400, { cause: notText });
    expect(errorPage(wrapped, 'POST', refusal(400, '(body)', 'request body could not be read: x')).message).toBe(
      'The form could not be read: a field contains text that is not valid (the field “note”). Nothing was saved.',
    );
    expect(errorPage(new NotFoundException(), 'GET', refusal(404, '(path)', 'no such route or file'))).toMatchObject({ title: 'Page not found' });
  });
});

describe('homeOf', () => {
  it("leads each role to its own home: a ccg session's CCG, the queue for the others", () => {
    expect(homeOf('ccg').href).toBe('/console/my-ccg');
    expect(homeOf('board').href).toBe('/console/queue');
    expect(homeOf(undefined).href).toBe('/console');
  });
});
