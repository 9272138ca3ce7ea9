// Quarters of the financial year moved to src/common/quarter.ts, shared with the barrier
// escalation family and the barrier reports; the intervention family's imports stay as they were.
export * from '../common/quarter.js';
