// What the conversation already settled ("this lot", "and the viscosity?"): entities from the
// earlier turns, newest first. Only the bounded window the copilot passes in is read.
import type { EntityRecognizer } from './entities';
import type { Remembered } from './understand';

/** `turns` are earlier messages' texts, oldest first (questions and answers). */
export function remember(turns: readonly string[], recognizer: EntityRecognizer, line?: string): Remembered {
  const found: Remembered = {};
  for (const text of [...turns].reverse()) {
    const e = recognizer.recognize(text, line);
    // An answer that lists several lots (a deviation search) does not settle "this lot".
    if (found.lot === undefined && e.lots.length === 1) found.lot = e.lots[0];
    if (found.test === undefined && e.tests.length === 1) found.test = e.tests[0];
    if (found.equipment === undefined && e.equipment.length === 1) found.equipment = e.equipment[0];
    if (found.sample === undefined && e.samples.length === 1) found.sample = e.samples[0];
  }
  return found;
}
