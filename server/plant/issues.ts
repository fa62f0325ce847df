// Problems found in a plant file, each tied to a JSON path, and the typed error that refuses
// the whole file: a plant loaded half-right would feed wrong limits to the quality engine.

export interface PlantIssue {
  /** JSON path like `lots[3].productId`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** Collects one problem at a path given as segments (`['lots', 3, 'productId']`). */
export type IssueReporter = (path: readonly PropertyKey[], message: string) => void;

/** Renders path segments as `lots[3].productId` (quoted brackets for odd keys). */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export class PlantDataError extends Error {
  override readonly name = 'PlantDataError';
  readonly file: string;
  readonly issues: readonly PlantIssue[];

  constructor(file: string, issues: readonly PlantIssue[]) {
    super(describe(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

/** Shows the first 50 problems; the rest are counted so one bad bulk edit stays readable. */
const SHOWN = 50;

function describe(file: string, issues: readonly PlantIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.slice(0, SHOWN).map((issue) => `  ${issue.path || '(file)'}: ${issue.message}`);
  if (issues.length > SHOWN) lines.push(`  ... and ${issues.length - SHOWN} more`);
  return `plant file ${file} refused (${count}):\n${lines.join('\n')}`;
}
