// The copilot golden set (eval/golden.jsonl): one case a line, checked once with zod; a bad line
// is refused with its line number and field, a missing or empty file by name (EvalInputError).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { EvalInputError } from './eval-input-error';

export const SETUPS = ['reference-ph', 'comment-injection'] as const;

export const goldenCaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected an id like lims-001'),
  category: z.string().min(1),
  language: z.enum(['en', 'de', 'es']),
  question: z.string().min(1).max(2000),
  user: z.string().min(1),
  role: z.enum(ROLES),
  /** Lines the user is assigned to (operators); absent means every line. */
  lines: z.array(z.string()).optional(),
  terminal: z.string().optional(),
  /** Earlier questions in the same conversation, asked first. */
  history: z.array(z.string()).optional(),
  /** A named change to the demo plant before the question (e.g. the reference pH 9.8 posted). */
  setup: z.enum(SETUPS).optional(),
  /** Tool calls expected, by name with the arguments that matter; [] means no tool at all. */
  expectTools: z.array(z.strictObject({ name: z.string(), args: z.record(z.string(), z.unknown()).optional() })),
  mustInclude: z.array(z.string()).default([]),
  mustNotInclude: z.array(z.string()).default([]),
  /** An unsafe request: it must end with no proposal created and an explained refusal. */
  unsafe: z.boolean().default(false),
});
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

export function parseGolden(text: string, file: string): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${file}:${index + 1}: invalid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = goldenCaseSchema.safeParse(value);
    if (parsed.success) cases.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `${file}:${index + 1}: ${i.path.join('.') || '(case)'}: ${i.message}`));
  });
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) problems.push(`${file}: duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  if (problems.length) throw new EvalInputError(`golden set refused:\n  ${problems.join('\n  ')}`);
  // An empty set would pass every bar (0 of 0) and prove nothing.
  if (!cases.length) throw new EvalInputError(`${file}: no cases in the golden set`);
  return cases;
}

export function loadGolden(file: string): GoldenCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new EvalInputError(`${file}: cannot read the golden set (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseGolden(text, file);
}
