// Whether the operator's own words name a hold reason code. The code is the requester's choice
// (WI-PRD-030 §5.6.2), so the copilot takes one only from the person's message, never from what a
// model, a document or a tool result put into the tool call.
import type { HoldReasonCodes } from '../../plant/hold-reasons';

/** True when `text` names `code` as a word: "HR-05", "hr 05", "HR05", "hr_05" all name HR-05. */
export function namesCode(text: string, code: string): boolean {
  const parts = code.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (!parts.length) return false;
  return new RegExp(`(?<![A-Za-z0-9])${parts.join('[\\s._-]?')}(?![A-Za-z0-9])`, 'i').test(text);
}

/** The table's codes the text names, in the table's spelling and order. */
export function codesNamed(text: string, table: HoldReasonCodes): string[] {
  return table.codes().filter((code) => namesCode(text, code));
}
