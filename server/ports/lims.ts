// LimsAdapter port: what qloop needs from a LIMS (INTEGRATIONS.md section 6). Most LIMS
// only support polling, so finalized results come through a cursor (modified time + id).
import type { Sample, TestResult, TestSpecification } from '../domain/types';

export interface ResultCursor {
  /** ISO time of the last result seen. */
  since: string;
  /** Tie-break: id of the last result seen at that time. */
  afterId?: string;
}

export interface ResultPage {
  results: TestResult[];
  next: ResultCursor;
}

export interface ResultQuery {
  lotId?: string;
  sampleId?: string;
  test?: string;
  /** Most recent first, at most this many. */
  limit?: number;
}

export type Capability = 'native' | 'emulated' | 'unavailable';

export interface LimsCapabilities {
  system: string;
  listFinalizedResults: Capability;
  pushWebhook: Capability;
  specifications: Capability;
}

export interface LimsAdapter {
  readonly name: string;
  capabilities(): LimsCapabilities;
  /** Finalized results after the cursor, oldest first. */
  listFinalizedResults(cursor: ResultCursor, limit?: number): Promise<ResultPage>;
  findResults(query: ResultQuery): Promise<TestResult[]>;
  getSample(sampleId: string): Promise<Sample | undefined>;
  /** Specification for a test on a product, if the LIMS holds it. */
  getSpecification(productId: string, test: string): Promise<TestSpecification | undefined>;
}
