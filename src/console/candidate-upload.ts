import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { readCookies, SESSION_COOKIE } from './cookies.js';

/*
 * The what-if form's multipart body (a candidate rule-set file), parsed for that one route
 * before the console guard runs, so the guard finds the form's CSRF token as on every other form.
 * A problem with the upload is kept on the request and refused by the handler, after the guard:
 * a post without a valid session or token is refused as such before anything else is said.
 * Without a session cookie the body is not read at all: the guard sends the post to sign in.
 */

/** As the API's BODY_LIMIT default (1mb): a rule file is tens of kilobytes. */
export const CANDIDATE_UPLOAD_LIMIT = 1024 * 1024;
export const CANDIDATE_FILE_FIELD = 'candidateFile';
export const CANDIDATE_TEXT_FIELD = 'candidateText';
/** Every other field (the token, the two periods) is a few dozen characters. */
export const OTHER_FIELD_LIMIT = 1024;

export interface UploadedCandidate {
  buffer: Buffer;
  originalname: string;
  size: number;
}

export interface UploadProblem {
  status: 400 | 413;
  field: string;
  message: string;
}

export interface UploadRequest {
  file?: UploadedCandidate;
  candidateUploadProblem?: UploadProblem;
}

const parse = multer({
  storage: multer.memoryStorage(),
  // The form has the token, the pasted text and two periods besides the file. Multer's fieldSize
  // is one limit for every field, so it is the pasted text's; the others are held to
  // OTHER_FIELD_LIMIT once read (tooLong).
  limits: { fileSize: CANDIDATE_UPLOAD_LIMIT, fieldSize: CANDIDATE_UPLOAD_LIMIT, files: 1, fields: 4, parts: 5, fieldNameSize: 64 },
}).single(CANDIDATE_FILE_FIELD);

const MB = `${CANDIDATE_UPLOAD_LIMIT / (1024 * 1024)} MB`;

/** What was wrong with the multipart body, as a 4xx naming the field. */
export function uploadProblem(error: unknown): UploadProblem {
  if (error instanceof multer.MulterError) {
    const field = error.field ?? '(body)';
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return { status: 413, field, message: `the file is larger than ${MB}` };
      case 'LIMIT_FIELD_VALUE':
        return { status: 413, field, message: `longer than ${MB}` };
      case 'LIMIT_UNEXPECTED_FILE':
      case 'LIMIT_FILE_COUNT':
        return { status: 400, field, message: `only one file, in the field ${CANDIDATE_FILE_FIELD}, is taken` };
      default:
        return { status: 400, field, message: `the form could not be read (${error.message})` };
    }
  }
  return { status: 400, field: '(body)', message: `the form could not be read (${error instanceof Error ? error.message : String(error)})` };
}

/** The first field other than the pasted text longer than OTHER_FIELD_LIMIT, as a 413. */
export function tooLong(body: unknown): UploadProblem | undefined {
  const fields = body && typeof body === 'object' ? Object.entries(body as Record<string, unknown>) : [];
  const field = fields.find(([name, value]) => name !== CANDIDATE_TEXT_FIELD && typeof value === 'string' && value.length > OTHER_FIELD_LIMIT)?.[0];
  return field === undefined ? undefined : { status: 413, field, message: `longer than ${OTHER_FIELD_LIMIT / 1024} KB` };
}

export function candidateUpload(req: Request & UploadRequest, res: Response, next: NextFunction): void {
  // No session, nothing to read: the guard answers as for any anonymous post, and an anonymous
  // client cannot make the server hold the upload's megabytes.
  if (!readCookies(req)[SESSION_COOKIE]) {
    next();
    return;
  }
  parse(req, res, (error?: unknown) => {
    const problem = error ? uploadProblem(error) : tooLong(req.body);
    if (problem) req.candidateUploadProblem = problem;
    next();
  });
}
