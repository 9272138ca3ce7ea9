// Reconfiguration proposals for tests: two complete stage 2 submissions, fresh objects on every
// call. They read like the demo's samples on purpose but are kept apart from them, so that a demo
// sample can change without moving a test.
import type { z } from 'zod';
import type { reconfigurationFactsSchema } from '../../src/reconfiguration/reconfiguration.facts.js';

export type ReconfigurationFactsInput = z.input<typeof reconfigurationFactsSchema>;

/** Sussex hyper-acute stroke units (2016): every test met, one priority check (travel time) not met. */
export const STROKE_PERIOD = '2016-09-15';
export function strokeProposalFacts(): ReconfigurationFactsInput {
  return {
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
  };
}

/** Cumbria maternity units on one site (2017): the scrutiny committee objects, 14 beds close. */
export const MATERNITY_PERIOD = '2017-05-22';
export function maternityProposalFacts(): ReconfigurationFactsInput {
  return {
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
  };
}
