// The control chart an answer carried (trend and alert answers), so `history` shows it again.
import type { Migration } from './index';

export const m031CopilotMessageChart: Migration = {
  version: 31,
  name: 'copilot-message-chart',
  up(db) {
    db.exec('ALTER TABLE copilot_messages ADD COLUMN chart TEXT');
  },
};
