// The mapping for a LabWare-style transfer table (the generic LIMS simulator serves one):
// the demo uses it, and docs/integrations/polling-lims.md walks through it line by line.
import type { z } from 'zod';
import type { pollingMappingSchema } from './mapping-config';

export const LABWARE_TRANSFER_EXAMPLE: z.input<typeof pollingMappingSchema> = {
  system: 'LabWare (transfer table over REST)',
  auth: { kind: 'bearer', token: 'generic-lims-demo-token' },
  results: {
    path: '/transfer/results',
    itemsField: 'rows',
    totalField: 'total',
    sinceParam: 'CHANGED_SINCE',
    paging: { kind: 'offset', offsetParam: 'START', limitParam: 'COUNT' },
    pageSize: 200,
    filterParams: { lot: 'LOT_NAME', sample: 'TEXT_ID', test: 'ANALYSIS' },
    fields: {
      id: 'RESULT_NUMBER', sampleId: 'TEXT_ID', lotId: 'LOT_NAME', workOrderId: 'ORDER_NUM', test: 'ANALYSIS', value: 'FORMATTED_ENTRY', unit: 'UNITS',
      status: 'STATUS', finalizedAt: 'DATE_REVIEWED', modifiedAt: 'CHANGED_ON', analyst: 'ENTERED_BY', instrumentId: 'INSTRUMENT', comment: 'COMMENTS',
    },
    // LabWare RESULT.STATUS: A authorised, X cancelled (a retraction), E entered, N not entered; R rejected is ignored.
    statusMap: { A: 'final', X: 'retracted', E: 'pending', N: 'pending' },
  },
  samples: { path: '/transfer/samples', idParam: 'TEXT_ID', itemsField: 'rows', fields: { id: 'TEXT_ID', lotId: 'LOT_NAME', workOrderId: 'ORDER_NUM', point: 'SAMPLING_POINT', sampledAt: 'SAMPLED_DATE' } },
  specifications: {
    path: '/transfer/specs',
    productParam: 'PRODUCT',
    testParam: 'ANALYSIS',
    itemsField: 'rows',
    fields: { product: 'PRODUCT', test: 'ANALYSIS', min: 'MIN_VALUE', max: 'MAX_VALUE', shoulderMin: 'SHOULDER_MIN', shoulderMax: 'SHOULDER_MAX', decimals: 'PLACES', unit: 'UNITS', method: 'METHOD', version: 'VERSION', name: 'NAME', loq: 'LOQ', textFlag: { field: 'TEXT_SPEC', value: 'T' } },
  },
};
