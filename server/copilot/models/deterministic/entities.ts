// Finds the plant's things in a question (lots, samples, work orders, lines, equipment,
// parameters, tests, products, a setpoint value, SOP topics) against the catalog's master data.
// Each recogniser masks what it took, so "pH meter" is equipment and not the pH test.
import type { PlantCatalog } from '../../../plant/catalog';
import { DOSAGE_WORDS, EQUIPMENT_TYPE_WORDS, PARAMETER_STOPWORDS, PARAMETER_WORDS, TEST_WORDS, TOPIC_WORDS } from './lexicon';
import { mask, mentions, normalize, phrase, phraseCore, words } from './normalize';

export interface Entities {
  lots: string[];
  /** "LOT-…" references the catalog does not know: the tool reports them. */
  unknownLots: string[];
  samples: string[];
  workOrders: string[];
  lines: string[];
  equipment: string[];
  parameters: { equipmentId: string; parameterId: string }[];
  tests: string[];
  products: string[];
  resultIds: string[];
  alertIds: string[];
  deviationIds: string[];
  /** A number the operator wants something set to ("to 17 kN", "auf 130", "a 130"). */
  value?: number;
  /** English search terms for SOP and deviation searches. */
  topics: string[];
  /** "this lot", "diese Charge", "este lote". */
  thisLot: boolean;
  /** "this line", "my line", "meiner Linie". */
  thisLine: boolean;
}

interface EquipmentPattern {
  id: string;
  type: string;
  lineId: string;
  idPattern: RegExp;
  number: number;
}

interface TypeWord {
  /** A plain substring every match contains: a cheap test before the regular expressions. */
  hint: string;
  ofType: EquipmentPattern[];
  plain: RegExp;
  numbered: RegExp;
}

interface ParameterName {
  equipmentId: string;
  parameterId: string;
  words: string[];
}

const SAMPLE = /\bbatch-\d{4}-\d{3}-\d{2}\b/gu;
const DEVIATION = /\bdev-\d{4}-\d{3,}\b/gu;
const RESULT = /\br-\d{5,}\b/gu;
const ALERT = /\b(?:alert|alarm|alerta|alarma)(?:\s+(?:id|nr|no|number|nummer|numero))?\s*#?\s*([a-z]{1,5}-\d[\w-]*|\d{2,})\b/gu;
const WORK_ORDER = /\b(?:wo[\s-]?|work order\s+|workorder\s+|auftrag\s+|fertigungsauftrag\s+|orden(?: de (?:trabajo|fabricacion|produccion))?\s+)(\d{3,})\b/gu;
const LOT = /\b(?:lot|lote|charge|batch)[\s-]?#?\s*([a-z0-9]*\d[a-z0-9]*(?:-[a-z0-9]+)*)\b/gu;
const LINE = /\b(?:line|linie|linea)\s*-?\s*(\d+)\b/gu;
const VALUE = /(?:\bto|\bauf|\ba|=)\s*(-?\d+(?:[.,]\d+)?)(?!\d)/u;
const THIS_LINE = ['this line', 'my line', 'our line', 'diese linie', 'dieser linie', 'meine linie', 'meiner linie', 'unserer linie', 'esta linea', 'mi linea', 'nuestra linea'];
const THIS_LOT = ['this lot', 'that lot', 'this batch', 'the current lot', 'diese charge', 'dieser charge', 'die aktuelle charge', 'este lote', 'ese lote', 'el lote actual'];
const TOPICS = TOPIC_WORDS.map(([ws, term]) => [ws, term, ws.map((w) => w.split(/[\s-]/)[0] ?? w)] as const);
const PARAMETER_REWRITES: readonly [RegExp, string][] = PARAMETER_WORDS.map(([foreign, english]) => [new RegExp(phrase(foreign).source, 'gu'), english]);

export class EntityRecognizer {
  readonly #catalog: PlantCatalog;
  readonly #equipment: EquipmentPattern[];
  readonly #testFamilies: [string, RegExp][];
  readonly #products: [RegExp, string][];
  readonly #typeWords: TypeWord[];
  readonly #parameters: ParameterName[];
  readonly #bareLots: RegExp | undefined;
  readonly #bareLotIds: Map<string, string>;

  constructor(catalog: PlantCatalog) {
    this.#catalog = catalog;
    this.#equipment = catalog.dataset.equipment.map((e) => {
      const [prefix = e.id, digits = ''] = e.id.toLowerCase().split(/-(?=\d)/);
      const number = Number(digits.replace(/\D/g, '') || Number.NaN);
      return { id: e.id, type: e.type.toLowerCase(), lineId: e.lineId, idPattern: new RegExp(`(?<![\\p{L}\\p{N}])${prefix}[\\s-]?0*${Number.isNaN(number) ? digits : number}(?![\\p{L}\\p{N}])`, 'u'), number };
    });
    const families = new Map<string, Set<string>>();
    for (const spec of catalog.dataset.specifications) {
      const family = Object.keys(TEST_WORDS).find((f) => spec.test === f || spec.test.startsWith(`${f}-`)) ?? spec.test;
      const set = families.get(family) ?? new Set<string>();
      for (const w of [...(TEST_WORDS[family] ?? []), spec.test.toLowerCase(), normalize(spec.keyword)]) set.add(w);
      families.set(family, set);
    }
    this.#testFamilies = [...families].map(([family, set]) => [family, alternation([...set])]);
    this.#typeWords = Object.entries(EQUIPMENT_TYPE_WORDS).flatMap(([typeKey, typeWords]) => {
      const ofType = this.#equipment.filter((e) => e.type.includes(typeKey));
      return ofType.length === 0 ? [] : typeWords.map((word) => ({
        hint: word.split(/[\s-]/)[0] ?? word,
        ofType,
        plain: phrase(word),
        numbered: new RegExp(`(?<![\\p{L}\\p{N}])${phraseCore(word)}\\s*(?:no\\.?\\s*|nr\\.?\\s*|#)?(\\d+)(?![\\p{L}\\p{N}])`, 'u'),
      }));
    });
    this.#parameters = catalog.dataset.equipment.flatMap((e) => e.parameters.map((p) => ({ equipmentId: e.id, parameterId: p.id, words: words(normalize(p.name.replace(/-/g, ' '))).filter((w) => !PARAMETER_STOPWORDS.has(w)) })));
    this.#bareLotIds = new Map(catalog.lots().map((lot) => [lot.id.toLowerCase().replace(/^lot-/, ''), lot.id]));
    this.#bareLots = this.#bareLotIds.size ? new RegExp(alternation([...this.#bareLotIds.keys()]).source, 'gu') : undefined;
    this.#products = catalog.products().flatMap((p) => {
      const own = words(normalize(`${p.name} ${p.dosageForm}`)).filter((w) => w.length >= 6 && !/\d/.test(w));
      const dosage = Object.entries(DOSAGE_WORDS).filter(([form]) => normalize(p.dosageForm).includes(form)).flatMap(([, ws]) => ws);
      return [[alternation([...own, ...dosage, p.id.toLowerCase()]), p.id] as [RegExp, string]];
    });
  }

  recognize(question: string, sessionLine?: string): Entities {
    const normalized = normalize(question);
    let text = normalized;
    const found: Entities = { lots: [], unknownLots: [], samples: [], workOrders: [], lines: [], equipment: [], parameters: [], tests: [], products: [], resultIds: [], alertIds: [], deviationIds: [], topics: [], thisLot: false, thisLine: false };
    const take = (re: RegExp, into: (m: RegExpMatchArray) => void) => {
      for (const m of text.matchAll(re)) into(m);
      text = mask(text, re);
    };
    take(SAMPLE, (m) => push(found.samples, m[0].toUpperCase()));
    take(DEVIATION, (m) => push(found.deviationIds, m[0].toUpperCase()));
    take(RESULT, (m) => push(found.resultIds, m[0].toUpperCase()));
    take(ALERT, (m) => push(found.alertIds, (m[1] ?? '').toUpperCase()));
    take(WORK_ORDER, (m) => push(found.workOrders, `WO-${m[1]}`));
    take(LOT, (m) => {
      const ref = m[1] ?? '';
      const lot = this.#catalog.resolveLot(ref);
      if (lot) push(found.lots, lot.id);
      else push(found.unknownLots, `LOT-${ref.toUpperCase()}`);
    });
    if (this.#bareLots) take(this.#bareLots, (m) => push(found.lots, this.#bareLotIds.get(m[0].replace(/\s+/g, '-')) ?? ''));
    take(LINE, (m) => {
      const id = this.#catalog.lines().find((l) => l.id.endsWith(`-${m[1]}`))?.id;
      if (id) push(found.lines, id);
    });
    found.thisLine = mentions(text, THIS_LINE);
    found.thisLot = mentions(text, THIS_LOT);
    text = this.#equipmentIn(text, found, sessionLine);
    text = this.#parametersIn(text, found, sessionLine);
    for (const [family, re] of this.#testFamilies) if (re.test(text)) push(found.tests, family);
    for (const [re, productId] of this.#products) if (re.test(text)) push(found.products, productId);
    const value = VALUE.exec(text);
    if (value?.[1]) found.value = Number(value[1].replace(',', '.'));
    for (const [ws, term, hints] of TOPICS) if (hints.some((h) => normalized.includes(h)) && mentions(normalized, ws)) push(found.topics, term);
    return found;
  }

  #equipmentIn(input: string, found: Entities, sessionLine?: string): string {
    let text = input;
    for (const unit of this.#equipment) {
      if (unit.idPattern.test(text)) {
        push(found.equipment, unit.id);
        text = mask(text, unit.idPattern);
      }
    }
    for (const { hint, ofType, plain, numbered } of this.#typeWords) {
      if (!text.includes(hint) || (!plain.test(text) && !numbered.test(text))) continue;
      const m = numbered.exec(text);
      const byNumber = m ? ofType.find((e) => e.number === Number(m[1])) : undefined;
      if (byNumber) {
        push(found.equipment, byNumber.id);
        text = mask(text, numbered);
        continue;
      }
      if (!plain.test(text)) continue;
      const onLine = ofType.filter((e) => e.lineId === sessionLine);
      const chosen = ofType.length === 1 ? ofType[0] : onLine.length === 1 ? onLine[0] : undefined;
      if (chosen) push(found.equipment, chosen.id);
      text = mask(text, plain);
    }
    return text;
  }

  #parametersIn(input: string, found: Entities, sessionLine?: string): string {
    let text = input;
    for (const [foreign, english] of PARAMETER_REWRITES) text = text.replace(foreign, english);
    const tokens = new Set(words(text));
    const candidates = this.#parameters.filter((p) => found.equipment.length === 0 || found.equipment.includes(p.equipmentId));
    const scored = candidates
      .map((c) => ({ ...c, hits: c.words.filter((w) => tokens.has(w)).length }))
      .filter((c) => c.hits > 0)
      .map((c) => ({ ...c, score: c.hits - 0.1 * (c.words.length - c.hits) }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (!best) return text;
    let tied = scored.filter((c) => c.score === best.score);
    // The same parameter on two presses: the one on the terminal's line is meant.
    if (tied.length > 1 && found.equipment.length === 0) {
      const onLine = tied.filter((c) => this.#catalog.equipment(c.equipmentId)?.lineId === sessionLine);
      if (onLine.length === 1) tied = onLine;
    }
    const chosen = tied[0] as (typeof tied)[number];
    const enough = best.hits >= 2 || (found.equipment.length > 0 && tied.length === 1);
    if (enough && tied.length === 1) {
      found.parameters.push({ equipmentId: chosen.equipmentId, parameterId: chosen.parameterId });
      push(found.equipment, chosen.equipmentId);
      for (const w of chosen.words) text = text.replace(phrase(w), ' ');
    }
    return text;
  }
}

function push(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value);
}

function alternation(phrases: readonly string[]): RegExp {
  const sorted = [...new Set(phrases.filter(Boolean))].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+')).join('|')})(?![\\p{L}\\p{N}])`, 'u');
}
