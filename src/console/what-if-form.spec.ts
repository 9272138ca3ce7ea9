import multer from 'multer';
import { DomainError } from '../common/domain-error.js';
import { OTHER_FIELD_LIMIT, tooLong, uploadProblem } from './candidate-upload.js';
import { readWhatIfForm } from './what-if-form.js';

const file = (text: string | Buffer) => {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { buffer, originalname: 'candidate.json', size: buffer.length };
};

function refusal(...args: Parameters<typeof readWhatIfForm>): { status: number; fields: string[] } {
  try {
    readWhatIfForm(...args);
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, fields: error.issues.map((i) => i.field) };
    throw error;
  }
  throw new Error('accepted');
}

describe('the what-if form', () => {
  it('takes the uploaded file, or else the pasted text, and the periods given', () => {
    expect(readWhatIfForm({ candidateText: '' }, file('\uFEFF{"a":1}'), undefined)).toEqual({ text: '{"a":1}', source: 'file' });
    expect(readWhatIfForm({ candidateText: ' {"a":1} ', periodFrom: ' 2013-Q1 ', periodTo: '' }, undefined, undefined)).toEqual({
      text: ' {"a":1} ',
      source: 'text',
      periods: { from: '2013-Q1' },
    });
  });

  it('refuses naming the field: neither, both, not UTF-8, a value no request may carry, a repeated period', () => {
    expect(refusal({}, undefined, undefined)).toEqual({ status: 422, fields: ['candidateFile'] });
    expect(refusal({ candidateText: '   ' }, undefined, undefined)).toEqual({ status: 422, fields: ['candidateFile'] });
    expect(refusal({ candidateText: '{}' }, file('{}'), undefined)).toEqual({ status: 422, fields: ['candidateText'] });
    expect(refusal({}, file(Buffer.from([0x7b, 0xff, 0x7d])), undefined)).toEqual({ status: 422, fields: ['candidateFile'] });
    expect(refusal({ candidateText: '{"rules":[{"name":"a\\u0000"}]}' }, undefined, undefined)).toEqual({ status: 422, fields: ['/rules/0/name'] });
    expect(refusal({ candidateText: '{"__proto__":{}}' }, undefined, undefined)).toEqual({ status: 422, fields: ['/__proto__'] });
    expect(refusal({ candidateText: '{}', periodFrom: ['2013-Q1', '2013-Q2'] }, undefined, undefined)).toEqual({
      status: 400,
      fields: ['periods.from'],
    });
    expect(refusal({ candidateText: ['a', 'b'] }, undefined, undefined)).toEqual({ status: 400, fields: ['candidateText'] });
  });

  it('refuses what the upload could not take first: 413 for a file over the limit', () => {
    expect(uploadProblem(new multer.MulterError('LIMIT_FILE_SIZE', 'candidateFile'))).toMatchObject({ status: 413, field: 'candidateFile' });
    expect(uploadProblem(new multer.MulterError('LIMIT_FIELD_VALUE', 'candidateText'))).toMatchObject({ status: 413, field: 'candidateText' });
    expect(uploadProblem(new multer.MulterError('LIMIT_UNEXPECTED_FILE', 'other'))).toMatchObject({ status: 400, field: 'other' });
    // Only the pasted text may be long; any other field over its limit is a 413 naming it.
    const long = 'x'.repeat(OTHER_FIELD_LIMIT + 1);
    expect(tooLong({ _csrf: 't', candidateText: long, periodFrom: '2013-Q1' })).toBeUndefined();
    expect(tooLong({ _csrf: 't', candidateText: '', periodTo: long })).toEqual({ status: 413, field: 'periodTo', message: 'longer than 1 KB' });
    // Any other parser failure (a malformed multipart body) is a 400 naming the body.
    expect(uploadProblem(new Error('Unexpected end of form'))).toMatchObject({ status: 400, field: '(body)' });
    expect(refusal({ candidateText: '{}' }, undefined, { status: 413, field: 'candidateFile', message: 'the file is larger than 1 MB' })).toEqual({
      status: 413,
      fields: ['candidateFile'],
    });
  });
});
