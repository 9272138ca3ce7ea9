import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { findUnsafeValue } from '../common/unsafe-json.js';
import { parseOrThrow } from '../common/validation.js';
import { periodRangeSchema, type PeriodRange } from '../rule-changes/simulation.service.js';
import type { UploadedCandidate, UploadProblem } from './candidate-upload.js';
import { plainIssue, plainMessage, readZodMessage, type PlainField } from './plain-words.js';
import type { CandidateSource } from './simulation-view.js';

/*
 * The console's "Run a what-if" form: a candidate rule set as an uploaded file or pasted JSON,
 * and an optional period range. Pure: the handler passes the parsed body and file.
 */

export interface WhatIfFormValues {
  candidateText: string;
  periodFrom: string;
  periodTo: string;
}

export interface WhatIfForm {
  text: string;
  source: CandidateSource;
  periods?: PeriodRange;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What the form is shown with again after a refusal (the file must be chosen again). */
export function formValues(body: Record<string, unknown> | undefined): WhatIfFormValues {
  return { candidateText: text(body?.candidateText), periodFrom: text(body?.periodFrom), periodTo: text(body?.periodTo) };
}

/** Which control the candidate came in: the file when one was chosen. */
export const sourceOf = (file: UploadedCandidate | undefined): CandidateSource => (file ? 'file' : 'text');

const utf8 = new TextDecoder('utf-8', { fatal: true });

const pointerOf = (dotted: string) => (dotted === '(body)' ? '(candidate)' : `/${dotted.split('.').join('/')}`);

/**
 * The candidate's JSON text and the periods, or a 4xx naming the field: the upload's own problem
 * (413 too large), neither or both of file and text, a file that is not UTF-8, a value no request
 * may carry (named by its JSON pointer), a period field given twice. The rule set itself is
 * checked by the simulation service, as the API's is.
 */
export function readWhatIfForm(
  body: Record<string, unknown> | undefined,
  file: UploadedCandidate | undefined,
  problem: UploadProblem | undefined,
): WhatIfForm {
  if (problem)
    throw DomainError.invalid([{ field: problem.field, message: problem.message }], problem.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
  const pasted = body?.candidateText ?? '';
  if (typeof pasted !== 'string')
    throw DomainError.invalid([{ field: 'candidateText', message: 'Paste the rule set’s JSON only once' }], 'BAD_REQUEST');
  let candidate: string;
  if (file) {
    if (pasted.trim()) throw DomainError.invalid([{ field: 'candidateText', message: 'Choose a file or paste the JSON, not both' }]);
    try {
      candidate = utf8.decode(file.buffer);
    } catch {
      throw DomainError.invalid([{ field: 'candidateFile', message: 'The file is not UTF-8 text: choose the rule set’s .json file' }]);
    }
  } else if (pasted.trim()) candidate = pasted;
  else throw DomainError.invalid([{ field: 'candidateFile', message: 'Choose a candidate rule set file (JSON), or paste its JSON' }]);

  let json: unknown;
  try {
    json = JSON.parse(candidate);
  } catch {
    json = undefined; // Not JSON: the service's check names it as the whole rule set.
  }
  const unsafe = json === undefined ? undefined : findUnsafeValue(json);
  if (unsafe) throw DomainError.invalid([{ field: pointerOf(unsafe.field), message: unsafe.message }]);

  const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
  const range = parseOrThrow(periodRangeSchema, { from: blank(body?.periodFrom), to: blank(body?.periodTo) }, 'periods', 'BAD_REQUEST');
  const periods = range.from || range.to ? range : undefined;
  return { text: candidate, source: sourceOf(file), ...(periods ? { periods } : {}) };
}

/** The period fields as their messages name them. */
const PERIODS: Record<string, PlainField & { noun: string }> = {
  'periods.from': { noun: 'the first period' },
  'periods.to': { noun: 'the last period' },
};

/**
 * A refusal of the what-if form in words: a period's problem as a sentence naming the period
 * (`The last period must not be before the first`, where the API says `ends before periods.from`);
 * a candidate's problem, named by its JSON pointer on the page, with zod's wording described
 * (`This must be a number, not text`) and the checks' own words as they are.
 */
export function whatIfMessage(issue: FieldIssue): string {
  const period = Object.hasOwn(PERIODS, issue.field) ? PERIODS[issue.field] : undefined;
  if (period) {
    if (issue.field === 'periods.to' && issue.message === 'ends before periods.from') return 'The last period must not be before the first';
    // The family's period schema says what it takes: `expected a quarter … like 2013-Q3`.
    if (/^expected /.test(issue.message)) return `Enter ${period.noun} as ${issue.message.slice('expected '.length)}`;
    return readZodMessage(issue.message) ? plainMessage(issue.message, period) : `${plainMessage(period.noun)}: ${issue.message}`;
  }
  const zod = readZodMessage(issue.message);
  return zod ? plainIssue(zod, { kind: 'json' }) : issue.message;
}
