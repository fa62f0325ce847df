// The plant dataset: schema, loader with path-precise errors, and the indexed catalog.
export { PlantCatalog } from './catalog';
export type { CatalogResultQuery } from './catalog';
export { HOLD_CAUSES, holdCause, HoldReasonCodes, isMicrobialCountUnit, SOP_QA_010_CODES, SOP_QA_010_HOLD_REASONS } from './hold-reasons';
export type { HoldCause, HoldEvidence, HoldProposalFacts, HoldReason } from './hold-reasons';
export { checkPlantIntegrity } from './integrity';
export { jsonPath, PlantDataError } from './issues';
export type { IssueReporter, PlantIssue } from './issues';
export { DEMO_PLANT_FILE, loadPlant, parsePlant, validatePlant } from './load';
export { compareResultTime, ResultIndex } from './result-index';
export type { ResultFilter } from './result-index';
export * from './schema';
