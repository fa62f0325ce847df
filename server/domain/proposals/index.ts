// The proposal core: lifecycle, guardrails, signature meanings, rollout policy and planning.
export * from './types';
export * from './state-machine';
export * from './guardrails';
export * from './meanings';
export * from './rollout';
export * from './plan';
