// A worker process prints its log lines (structured JSON, one per event) instead of keeping them
// in memory: a Nest context created with bufferLogs must attach its logger.
import { eventually } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';
import { apiBesideWorkerProcesses, startWorkerProcess } from '../support/worker-process.js';

const harness = apiBesideWorkerProcesses();

it('logs each evaluation as a JSON line with its assessment and job id', async () => {
  const { api, settings } = harness;
  const worker = await startWorkerProcess({ ...settings, LOG_LEVEL: 'info' });
  const res = await api.as('board').post('/api/v1/assessments').send(qpAssessment('07L')).expect(202);
  const id: string = res.body.id;
  const line = await eventually(
    async () => {
      const found = worker
        .output()
        .split('\n')
        .find((l) => l.startsWith('{') && l.includes(id) && l.includes('assessment evaluated'));
      return found ? (JSON.parse(found) as Record<string, unknown>) : undefined;
    },
    20_000,
    'the worker to log the evaluation',
  );
  expect(line).toMatchObject({ msg: 'assessment evaluated', assessmentId: id, jobId: id });
  expect(await worker.stop()).toEqual({ code: 0, signal: null });
});
