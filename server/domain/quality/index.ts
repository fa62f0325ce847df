// The quality engine's public surface: spec verdicts, control charts, run rules, EWMA/CUSUM, OOT,
// capability, stability and the integrated evaluation of one new result. Re-exports only.

// Specifications (USP 7.20 rounding, bands, non-numeric results)
export * from './spec';
export { cannotEvaluate, worstDisposition } from './spec-verdict';
export * from './reported-result';
export * from './rounding';
export type { QualityExplanation } from './verdict';

// Statistics
export * from './stats';
export * from './distributions';
export * from './regression';
export * from './tolerance';
export * from './normality';

// Capability, out-of-trend and ICH Q1E shelf life
export * from './capability';
export * from './oot';
export * from './stability';
export * from './linear-model';

// Control charts
export * from './constants';
export * from './charts/zones';
export * from './charts/baseline';
export * from './charts/imr';
export * from './charts/xbar';
export * from './charts/phase';
export * from './charts/monitor';
export * from './ewma';
export * from './cusum';

// Run rules and their explanations
export * from './rules/catalog';
export type { PatternMatch, PatternVariant, Side } from './rules/patterns';
export * from './rules/evaluate-rules';
export * from './rules/parse';
export { explainViolation, formatNumber } from './explain';
export type { ExplainOptions, ViolationExplanation } from './explain';

// One new result against its spec and history (the watcher's entry point)
export * from './evaluate';
