// The plant dataset: schema, loader with path-precise errors, and the indexed catalog.
export { PlantCatalog } from './catalog';
export type { CatalogResultQuery } from './catalog';
export { checkPlantIntegrity } from './integrity';
export { jsonPath, PlantDataError } from './issues';
export type { IssueReporter, PlantIssue } from './issues';
export { DEMO_PLANT_FILE, loadPlant, parsePlant, validatePlant } from './load';
export { compareResultTime, ResultIndex } from './result-index';
export type { ResultFilter } from './result-index';
export * from './schema';
