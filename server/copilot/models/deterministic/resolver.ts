// What a clause leaves out, filled in: the question's own entities first, then the conversation,
// then the terminal (its line, the product made there).
import type { PlantCatalog } from '../../../plant/catalog';
import { codesNamed } from '../../tools/reason-code-named';
import type { Entities } from './entities';
import { TREND_TEST_BY_TYPE } from './lexicon';
import type { Session } from './session';

/** Entities the conversation already established, newest first. */
export interface Remembered {
  lot?: string;
  test?: string;
  equipment?: string;
  sample?: string;
}

export class ContextResolver {
  constructor(
    readonly whole: Entities,
    readonly remembered: Remembered,
    readonly session: Session,
    private readonly catalog: PlantCatalog,
  ) {}

  /** The lot a clause means: its own, the question's, or the conversation's ("this lot"). */
  lot(e: Entities, fromConversation = true): string | undefined {
    return e.lots[0] ?? e.unknownLots[0] ?? this.whole.lots[0] ?? this.whole.unknownLots[0] ?? (fromConversation ? this.remembered.lot : undefined);
  }

  test(e: Entities): string | undefined {
    return e.tests[0] ?? this.whole.tests[0] ?? this.remembered.test;
  }

  line(e: Entities): string | undefined {
    const own = e.lines[0] ?? this.whole.lines[0];
    if (own) return own;
    if (this.session.line) return this.session.line;
    return this.session.lines.length === 1 ? this.session.lines[0] : undefined;
  }

  /** The product made on the terminal's line, when only one is. */
  lineProduct(): string | undefined {
    if (!this.session.line) return undefined;
    const products = new Set(this.catalog.lots().filter((l) => l.lineId === this.session.line).map((l) => l.productId));
    return products.size === 1 ? [...products][0] : undefined;
  }

  equipmentType(id: string): string {
    const type = this.catalog.equipment(id)?.type.toLowerCase() ?? '';
    return Object.keys(TREND_TEST_BY_TYPE).find((k) => type.includes(k)) ?? type;
  }

  testName(code: string): string {
    return this.catalog.dataset.specifications.find((s) => s.test === code || s.test.startsWith(`${code}-`))?.keyword ?? code;
  }

  /** The first of the plant's hold reason codes the text names (the operator's own choice), if any. */
  holdReasonCodeIn(text: string): string | undefined {
    return codesNamed(text, this.catalog.holdReasons())[0];
  }
}
