import type { INestApplicationContext } from '@nestjs/common';
import { IntakeService } from '../../assessments/intake.service.js';
import type { Actor } from '../../auth/actor.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { Assurance, TestResult } from '../../reconfiguration/reconfiguration.assurance.js';
import type { ReconfigurationFacts } from '../../reconfiguration/reconfiguration.facts.js';
import type { PanelActionInput } from '../../reconfiguration/reconfiguration.panel.js';
import { ReconfigurationService } from '../../reconfiguration/reconfiguration.service.js';
import { waitUntil } from '../../common/wait-until.js';

/*
 * Illustrative proposals for the demo: real CCGs of the 2013 register, invented proposals and
 * evidence (submitted as `provenance: "sample"` assessments, which every report shows). Each goes through
 * intake, the worker, the panel's judgements and the issued stage 2 assurance report.
 */

/** How the demo names each assurance in its printed summary. */
export const ASSURANCE_TITLES: Record<Assurance, string> = {
  assured: 'Assured: proceed to consultation',
  'assured-with-actions': 'Assured with actions: proceed once the actions are taken',
  'not-assured': 'Not assured: referred back to the commissioners',
  'more-evidence-needed': 'More evidence needed before assurance',
};

type Facts = Omit<ReconfigurationFacts, 'affectedCcgs'> & { affectedCcgs?: string[] };

export interface SampleSubmission {
  period: string;
  facts: Facts;
  /** The panel's view where it differs from the rules; every other applicable test is agreed. */
  panel?: Record<string, { result: TestResult; reason: string }>;
  actions?: PanelActionInput[];
  note?: string;
}

export interface SampleProposal {
  reference: string;
  submissions: SampleSubmission[];
}

const aeFirst: Facts = {
  title: 'Downgrade one of the two A&E departments serving Shropshire and Telford & Wrekin to a 24-hour urgent care centre',
  service: 'urgent-and-emergency',
  leadCcg: '05N',
  affectedCcgs: ['05X'],
  // Telford & Wrekin's governing body has not yet resolved on the proposal.
  commissionerSupport: [{ ccg: '05N', position: 'supports', resolutionDate: '2014-01-23', reference: 'GB-2014-007' }],
  engagement: {
    planPublished: true,
    consultationWeeks: 14,
    responses: 4210,
    scrutinyConsulted: true,
    scrutinyPosition: 'no-objection',
    healthwatchInvolved: true,
    healthAndWellbeingBoardInvolved: true,
    feedbackPublished: true,
  },
  clinicalEvidence: {
    caseForChangePublished: true,
    alignedWithGuidance: true,
    guidance: 'College of Emergency Medicine, The Silver Book (2012); NHS England Urgent and Emergency Care Review (2013)',
    senateReview: 'supportive',
  },
  patientChoice: { impactAssessed: true, providersBefore: 2, providersAfter: 1, constitutionRightsKept: true },
  outcomesAndAccess: { outcomesExpectedToImprove: true, maxTravelTimeIncreaseMinutes: 22 },
  fairPlayingField: { allProvidersCouldContribute: true },
};

export const RECONFIGURATION_SAMPLES: SampleProposal[] = [
  {
    reference: 'RCF-2014-001',
    submissions: [
      { period: '2014-02-10', facts: aeFirst, note: 'Resubmit with the Telford & Wrekin governing body resolution.' },
      {
        period: '2014-06-16',
        facts: {
          ...aeFirst,
          commissionerSupport: [
            ...aeFirst.commissionerSupport!,
            {
              ccg: '05X',
              position: 'supports-with-conditions',
              resolutionDate: '2014-05-27',
              reference: 'TW-GB-14-31',
              conditions: 'An ambulance transfer protocol for Telford patients is agreed before the change',
            },
          ],
          clinicalEvidence: {
            ...aeFirst.clinicalEvidence!,
            senateReview: 'supportive-with-recommendations',
            senateRecommendations: 'Model ambulance journey times at peak hours for the east of the area',
          },
        },
        panel: {
          T2: {
            result: 'met-with-actions',
            reason: 'Fewer than 5% of responses came from Telford; targeted engagement there is needed before consultation',
          },
        },
        actions: [
          {
            test: 'T2',
            action: 'Run targeted engagement events in Telford and publish what was heard',
            owner: 'Telford & Wrekin CCG engagement lead',
          },
        ],
      },
    ],
  },
  {
    reference: 'RCF-2016-002',
    submissions: [
      {
        period: '2016-09-15',
        facts: {
          title: 'Centralise hyper-acute stroke care for Sussex at three units with 24/7 thrombolysis and consultant cover',
          service: 'stroke',
          leadCcg: '09G',
          affectedCcgs: ['09D', '09X', '99K'],
          commissionerSupport: [
            { ccg: '09G', position: 'supports', resolutionDate: '2016-07-26' },
            { ccg: '09D', position: 'supports', resolutionDate: '2016-07-28' },
            { ccg: '09X', position: 'supports', resolutionDate: '2016-08-02' },
            { ccg: '99K', position: 'supports', resolutionDate: '2016-08-04' },
          ],
          engagement: {
            planPublished: true,
            consultationWeeks: 12,
            responses: 2960,
            scrutinyConsulted: true,
            scrutinyPosition: 'supports',
            healthwatchInvolved: true,
            healthAndWellbeingBoardInvolved: true,
            feedbackPublished: true,
          },
          clinicalEvidence: {
            caseForChangePublished: true,
            alignedWithGuidance: true,
            guidance: 'NICE CG68 (2008); RCP National Clinical Guideline for Stroke (2016)',
            senateReview: 'supportive',
          },
          patientChoice: { impactAssessed: true, providersBefore: 5, providersAfter: 5, constitutionRightsKept: true },
          // Some rural patients would travel 35 minutes longer: a priority check, not a veto.
          outcomesAndAccess: { outcomesExpectedToImprove: true, maxTravelTimeIncreaseMinutes: 35 },
          fairPlayingField: { allProvidersCouldContribute: true },
        },
        actions: [
          {
            test: 'P1',
            action: 'Agree ambulance standards for direct conveyance from the rural north of the county',
            owner: 'Coastal West Sussex CCG with the ambulance service',
          },
        ],
      },
    ],
  },
  {
    reference: 'RCF-2017-003',
    submissions: [
      {
        period: '2017-05-22',
        facts: {
          title: 'Merge the two consultant-led maternity units in Cumbria on one site with a midwife-led unit on the other',
          service: 'maternity',
          leadCcg: '01H',
          affectedCcgs: [],
          commissionerSupport: [{ ccg: '01H', position: 'supports', resolutionDate: '2017-03-01', reference: 'CCCG/GB/17/12' }],
          engagement: {
            planPublished: true,
            consultationWeeks: 13,
            responses: 6100,
            scrutinyConsulted: true,
            scrutinyPosition: 'objects',
            healthwatchInvolved: true,
            healthAndWellbeingBoardInvolved: true,
            feedbackPublished: true,
          },
          clinicalEvidence: {
            caseForChangePublished: true,
            alignedWithGuidance: true,
            guidance: 'RCOG Providing Quality Care for Women (2016); NICE CG190',
            senateReview: 'supportive-with-recommendations',
            senateRecommendations: 'Audit transfers from the midwife-led unit for the first year',
          },
          patientChoice: { impactAssessed: true, providersBefore: 2, providersAfter: 2, constitutionRightsKept: true },
          outcomesAndAccess: { outcomesExpectedToImprove: true, maxTravelTimeIncreaseMinutes: 28 },
          fairPlayingField: { allProvidersCouldContribute: true },
          bedClosures: { netBedsClosed: 14, plannedFrom: '2018-04-01', alternativeProvision: true },
        },
        panel: {
          T4: {
            result: 'met-with-actions',
            reason: 'Women in the west of the county lose a choice of consultant-led unit within an hour; this needs a published transport plan',
          },
        },
        actions: [
          { test: 'T4', action: 'Publish a transport and accommodation plan for women choosing the consultant-led unit', owner: 'Cumbria CCG' },
        ],
        note: 'The scrutiny committee objects: a referral to the Secretary of State is likely.',
      },
    ],
  },
];

const SAMPLE_BOARD: Actor = { name: 'sample-board', role: 'board' };
const SAMPLE_PANEL: Actor = { name: 'sample-panel', role: 'panel' };

function waitForProposedDecision(prisma: PrismaService, assessmentId: string, timeoutMs = 30000): Promise<string> {
  return waitUntil(
    async () => {
      const a = await prisma.assessment.findUnique({ where: { id: assessmentId }, include: { decisions: { select: { id: true } } } });
      if (a?.status === 'failed') throw new Error(`sample assessment ${assessmentId} failed: ${a.error}`);
      return a?.decisions[0]?.id;
    },
    { timeoutMs, timedOut: () => `sample assessment ${assessmentId} was not evaluated within ${timeoutMs} ms` },
  );
}

/**
 * Takes the sample proposals through intake, evaluation (the app's own workers must run), the
 * panel's judgements and issue, and returns a text summary. Call it on an application started
 * with role `all` (e.g. from the demo).
 */
export async function runReconfigurationSamples(app: INestApplicationContext, samples: SampleProposal[] = RECONFIGURATION_SAMPLES): Promise<string> {
  const intake = app.get(IntakeService, { strict: false });
  const service = app.get(ReconfigurationService, { strict: false });
  const prisma = app.get(PrismaService, { strict: false });
  const lines = ['Reconfiguration proposals (illustrative samples; the CCGs are real, the proposals are not):'];
  for (const sample of samples) {
    for (const [i, submission] of sample.submissions.entries()) {
      const submitted = await intake.submit(
        { family: 'reconfiguration', subject: sample.reference, period: submission.period, provenance: 'sample', facts: submission.facts },
        SAMPLE_BOARD,
      );
      const decisionId = await waitForProposedDecision(prisma, String(submitted.body.id));
      const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
      const engine = decision.proposedOutcome as { tests: { id: string; applies: boolean }[] };
      const judgements = engine.tests
        .filter((t) => t.applies)
        .map((t) => {
          const own = submission.panel?.[t.id];
          return own ? { test: t.id, agree: false, result: own.result, reason: own.reason } : { test: t.id, agree: true };
        });
      await service.recordJudgements(sample.reference, { decisionId, judgements }, SAMPLE_PANEL);
      const issued = await service.issue(
        sample.reference,
        { decisionId, actions: submission.actions ?? [], ...(submission.note ? { note: submission.note } : {}) },
        SAMPLE_PANEL,
      );
      const title = ASSURANCE_TITLES[issued.key as Assurance] ?? issued.key;
      const differs = issued.differences.length > 0 ? `; panel differs on ${issued.differences.join(', ')}` : '';
      lines.push(
        `  ${sample.reference} #${i + 1} (${submission.period}): rules ${decision.proposedKey}, issued ${title}${differs}  ${issued.document}`,
      );
    }
  }
  return lines.join('\n');
}
