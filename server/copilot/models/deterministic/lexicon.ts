// The plant words operators use, in English, German and Spanish (accents folded, see
// normalize.ts), mapped onto master-data codes. Ids and names come from the catalog itself.

/** Test code families: a family resolves to the product's test (ASSAY -> ASSAY-SUS on the suspension). */
export const TEST_WORDS: Record<string, readonly string[]> = {
  PH: ['ph', 'ph-wert', 'ph wert', 'ph value', 'valor de ph'],
  VISC: ['viscosity', 'visc', 'viskositat', 'viscosidad'],
  ASSAY: ['assay', 'potency', 'gehalt', 'wirkstoffgehalt', 'valoracion', 'potencia', 'riqueza'],
  DISSO: ['dissolution', 'freisetzung', 'wirkstofffreisetzung', 'disolucion'],
  HARD: ['hardness', 'breaking force', 'harte', 'bruchfestigkeit', 'dureza'],
  WEIGHT: ['weight', 'tablet weight', 'gewicht', 'tablettengewicht', 'peso'],
  LOD: ['lod', 'loss on drying', 'moisture', 'trocknungsverlust', 'restfeuchte', 'perdida por secado', 'humedad'],
  RS: ['related substances', 'impurities', 'impurity', 'verunreinigungen', 'verunreinigung', 'sustancias relacionadas', 'impurezas'],
  APPEAR: ['appearance', 'aussehen', 'aspecto'],
  DENS: ['density', 'dichte', 'densidad'],
  TAMC: ['tamc', 'microbial', 'microbiology', 'bioburden', 'keimzahl', 'gesamtkeimzahl', 'recuento microbiano', 'microbiologia', 'microbiologico'],
};

/** Equipment type keys (found in Equipment.type) and the words for them. */
export const EQUIPMENT_TYPE_WORDS: Record<string, readonly string[]> = {
  'ph meter': ['ph meters', 'ph meter', 'ph-meter', 'phmeter', 'phmetro', 'ph-metro', 'medidor de ph', 'ph messgerat'],
  'tablet press': ['tablet press', 'press', 'presse', 'tablettenpresse', 'prensa', 'tableteadora'],
  'mixing tank': ['mixing tank', 'tank', 'tanque', 'mischtank', 'ruhrkessel', 'behalter', 'kessel', 'deposito'],
  'fluid bed dryer': ['fluid bed dryer', 'dryer', 'drier', 'fluid bed', 'trockner', 'wirbelschichttrockner', 'secador', 'lecho fluido'],
  'pan coater': ['pan coater', 'coater', 'coating pan', 'dragierkessel', 'recubridora', 'bombo de recubrimiento', 'bombo'],
  granulator: ['granulator', 'granulierer', 'granulador'],
  homogenizer: ['homogenizer', 'homogeniser', 'homogenisator', 'homogeneizador'],
  filler: ['bottle filler', 'filler', 'abfuller', 'abfullanlage', 'llenadora'],
};

/** Foreign parameter words rewritten into the English of the parameter names (longest first). */
export const PARAMETER_WORDS: readonly [string, string][] = [
  ['hauptpresskraft', 'main compression force'],
  ['vorpresskraft', 'pre compression force'],
  ['presskraft', 'compression force'],
  ['fuerza de precompresion', 'pre compression force'],
  ['fuerza de compresion principal', 'main compression force'],
  ['fuerza de compresion', 'compression force'],
  ['precompresion', 'pre compression'],
  ['ruhrerdrehzahl', 'agitator speed'],
  ['ruhrwerksdrehzahl', 'agitator speed'],
  ['velocidad del agitador', 'agitator speed'],
  ['manteltemperatur', 'jacket temperature'],
  ['temperatura de la camisa', 'jacket temperature'],
  ['temperatura del encamisado', 'jacket temperature'],
  ['zulufttemperatur', 'inlet air temperature'],
  ['temperatura del aire de entrada', 'inlet air temperature'],
  ['ablufttemperatur', 'exhaust air temperature'],
  ['produkttemperatur', 'product temperature'],
  ['temperatura del producto', 'product temperature'],
  ['revolverdrehzahl', 'turret speed'],
  ['tellerdrehzahl', 'turret speed'],
  ['velocidad de la torreta', 'turret speed'],
  ['fulltiefe', 'fill depth'],
  ['profundidad de llenado', 'fill depth'],
  ['mischzeit', 'mixing time'],
  ['tiempo de mezcla', 'mixing time'],
  ['spruhrate', 'spray rate'],
  ['tasa de pulverizacion', 'spray rate'],
  ['trommeldrehzahl', 'pan speed'],
  ['velocidad del bombo', 'pan speed'],
  ['rotordrehzahl', 'rotor speed'],
  ['velocidad del rotor', 'rotor speed'],
  ['fullvolumen', 'fill volume'],
  ['volumen de llenado', 'fill volume'],
  ['drehzahl', 'speed'],
  ['velocidad', 'speed'],
  ['temperatur', 'temperature'],
  ['temperatura', 'temperature'],
];

/** Words in parameter names that say nothing on their own. */
export const PARAMETER_STOPWORDS = new Set(['of', 'at', 'last', 'after', 'the', 'addition', 'solution', 'calibration', 'main']);

/** Topic words for SOP and deviation searches, as the English terms the SOPs use. */
export const TOPIC_WORDS: readonly [readonly string[], string][] = [
  [['calibration', 'calibrate', 'kalibrierung', 'kalibrieren', 'kalibriere', 'calibracion', 'calibrar', 'calibro'], 'calibration'],
  [['cleaning', 'clean', 'reinigung', 'reinigen', 'limpieza', 'limpiar'], 'cleaning'],
  [['line clearance', 'linienraumung', 'linienfreigabe', 'despeje de linea', 'vaciado de linea'], 'line clearance'],
  [['oos', 'out of specification', 'out-of-specification', 'ausserhalb der spezifikation', 'fuera de especificacion'], 'out-of-specification OOS investigation'],
  [['quarantine', 'disposition', 'quarantane', 'cuarentena'], 'batch hold quarantine release'],
  [['capa', 'deviation management'], 'deviation CAPA'],
  [['oot', 'out of trend', 'trending', 'spc'], 'out-of-trend OOT SPC trending'],
  [['setup', 'set up', 'einrichten', 'rusten', 'puesta a punto', 'ajuste'], 'setup in-process controls'],
  [['drying', 'trocknung', 'trocknen', 'secado'], 'fluid bed drying'],
  [['mixing', 'mischen', 'mischung', 'mezcla', 'mezclado'], 'mixing'],
  [['alert', 'alarm', 'alerta', 'alarma'], 'responding to a copilot hold alert at the terminal'],
  [['measurement', 'measure', 'messung', 'messen', 'medicion', 'medir'], 'measurement'],
  [['system suitability', 'systemeignung', 'idoneidad del sistema'], 'system suitability'],
  [['sampling', 'probenahme', 'muestreo'], 'sampling'],
];

/** Default test for a question about an equipment's trend ("is TP-101 drifting?"). */
export const TREND_TEST_BY_TYPE: Record<string, string> = {
  'tablet press': 'HARD',
  'mixing tank': 'VISC',
  'ph meter': 'PH',
  'fluid bed dryer': 'LOD',
};

/** Dosage-form words in the three languages, matched against product names and dosage forms. */
export const DOSAGE_WORDS: Record<string, readonly string[]> = {
  tablet: ['tablet', 'tablets', 'tablette', 'tabletten', 'comprimido', 'comprimidos'],
  suspension: ['suspension', 'suspensionen', 'jarabe'],
  capsule: ['capsule', 'capsules', 'kapsel', 'kapseln', 'capsula', 'capsulas'],
};
