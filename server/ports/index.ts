export type * from './audit-log';
export type * from './clock';
export type * from './embeddings';
export type * from './lims';
export type * from './mes';
export type * from './notifier';
export type * from './setpoint-writer';
