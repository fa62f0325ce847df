// What the operator wants, in English, German or Spanish: the read intents behind each tool,
// the three proposal actions, and what is refused (injected instructions, releases, edits of
// GxP records, anything off-topic). Patterns run on normalized text (normalize.ts).
import { mentions, normalize } from './normalize';

export const INTENTS = [
  'result', 'spec', 'trend', 'lot_status', 'work_order', 'line_status', 'equipment', 'sop', 'deviation_search', 'pending', 'explain_alert',
  'hold', 'setpoint', 'deviation_draft',
  'release', 'forbidden', 'injection', 'help', 'off_topic',
] as const;
export type Intent = (typeof INTENTS)[number];

type Patterns = readonly (string | RegExp)[];

/** Attempts to change the assistant's rules or to act around the controls (OWASP LLM01). */
const INJECTION: Patterns = [
  /\b(ignore|disregard|forget|override)\b.{0,30}\b(instructions?|rules?|prompts?|guardrails?|policy|policies|restrictions?)\b/,
  /\b(system|developer|hidden) prompt\b/, /\byou are now\b/, /\bjailbreak/, /\bdeveloper mode\b/, /\bdan mode\b/,
  /\bpretend (to be|you are|you're)\b/, /\bact as (an? |the )?(admin|administrator|qa|supervisor|root|system)\b/,
  /\b(bypass|circumvent|skip|without)\b.{0,30}\b(e-?signature|signature|approval|guardrails?|validation|audit)\b/,
  /\bnew instructions?\b/, /\bsystem:\s/, /\b(?:ignoriere|ignorier|vergiss|missachte)\b.{0,40}\b(anweisungen|regeln|vorgaben)\b/, /\bohne (e-?)?signatur\b/, /\bsystemprompt\b/,
  /\b(ignora|olvida|omite)\b.{0,40}\b(instrucciones|reglas|normas)\b/, /\bsin (la )?firma\b/, /\bahora eres\b/,
];

const RELEASE: Patterns = [
  /^(please |bitte |por favor )?release\b/, /\b(can you|could you|would you|please|go ahead and|i want to|we need to|let's|lets|you should|now) release\b/,
  /\brelease (the |this |that )?(lot|batch|charge)\b/, /\brelease lot-/, /\bmark\b.{0,30}\bas released\b/, /\bset\b.{0,30}\b(unrestricted|released)\b/,
  /\bfreigeben\b/, /\bgib\b.{0,40}\bfrei\b/, /\bfreigabe erteilen\b/,
  /\b(libera|liberar|libere|liberen|liberad)\b/, /\bdar de alta\b/,
];

/** Writes to GxP records or decisions the copilot may never make (ALCOA+, 21 CFR 11.10). */
const FORBIDDEN: Patterns = [
  /\b(change|modify|edit|update|overwrite|correct|alter|fix|falsify|adjust|replace)\b.{0,40}\b(results?|values?|specs?|specifications?|limits?|audit|records?|readings?)\b.{0,30}\b(to|auf|a)\b\s*-?\d/,
  /\b(change|modify|edit|overwrite|alter|falsify|widen|relax|loosen)\b.{0,30}\b(the |a )?(results?|specifications?|spec limits?|audit trail|audit log|records?)\b/,
  /\b(delete|remove|erase|purge|wipe|drop)\b.{0,40}\b(results?|audit|records?|deviations?|logs?|trail|history|data)\b/,
  /\b(approve|sign|authorize|authorise)\b.{0,30}\b(the |this |that |all |my )?(proposals?|holds?|changes?|releases?|deviations?)\b/,
  /\b(disable|turn off|silence|mute|suppress)\b.{0,30}\b(alerts?|alarms?|notifications?|guardrails?)\b/,
  /\b(write|send|push)\b.{0,30}\bdirectly\b.{0,30}\b(mes|plc|equipment)\b/,
  /\b(andere|andern|lösche|losche|loschen|uberschreibe|uberschreiben|genehmige|genehmigen|deaktiviere|deaktivieren)\b.{0,40}\b(ergebnis|ergebnisse|spezifikation|audit|vorschlag|vorschlage|alarm|alarme|datensatz|aufzeichnungen)\b/,
  /\b(cambia|cambiar|modifica|modificar|borra|borrar|elimina|eliminar|aprueba|aprobar|desactiva|desactivar|sobrescribe)\b.{0,40}\b(resultados?|especificacion|auditoria|propuestas?|alarmas?|alertas?|registros?)\b/,
];

const HOLD: Patterns = [
  /\b(put|place|set|keep)\b.{0,40}\bon hold\b/, /^(please )?hold\b/, /\bhold (the |this |that )?(lot|batch)\b/, /\bhold lot-/,
  /\b(request|propose|raise|create|open|issue)\b.{0,12}\bhold\b/, /\b(block|quarantine)\b.{0,30}\b(lot|batch|charge)\b/, /\bquarantine lot-/,
  /\b(sperre|sperren|sperrt|blockiere|blockieren)\b/, /\bauf hold (setzen|legen)\b/, /\b(setze|setzen|lege|legen|stelle|stellen)\b.{0,40}\bauf (hold|sperre)\b/, /\bin quarantane (setzen|nehmen|legen)\b/, /\bsperrung\b.{0,20}\b(beantragen|anfordern|vorschlagen)\b/,
  /\b(reten|retener|retenga|retengan|bloquea|bloquear|bloquee)\b/, /\b(pon|poner|ponga|coloca|colocar)\b.{0,40}\b(en espera|en retencion|en cuarentena|en hold|retenido|bloqueado)\b/,
];

const SETPOINT: Patterns = [
  /\b(change|set|increase|decrease|raise|lower|reduce|adjust|bump|drop|move|put)\b.{0,60}\bto\s*-?\d/, /\bsetpoint\b.{0,40}\bto\s*-?\d/, /\bpropose\b.{0,30}\bsetpoint\b/,
  /\b(andere|andern|setze|setzen|erhohe|erhohen|senke|senken|stelle|stellen|reduziere|reduzieren|verringere)\b.{0,60}\bauf\s*-?\d/, /\bsollwert\b.{0,40}\bauf\s*-?\d/,
  /\b(cambia|cambiar|ajusta|ajustar|sube|subir|baja|bajar|aumenta|aumentar|reduce|reducir|pon|poner|fija|fijar|establece|establecer)\b.{0,60}\ba\s*-?\d/, /\bconsigna\b.{0,40}\ba\s*-?\d/,
];

const DEVIATION_DRAFT: Patterns = [
  /\b(draft|open|raise|create|log|report|file|write|start|initiate)\b.{0,30}\bdeviations?\b/,
  /\babweichung\b.{0,40}\b(anlegen|eroffnen|erfassen|melden|erstellen|entwerfen|aufnehmen)\b/, /\b(lege|eroffne|erfasse|melde|erstelle|entwirf)\b.{0,30}\babweichung/,
  /\b(abre|abrir|registra|registrar|crea|crear|redacta|redactar|reporta|reportar|levanta|levantar)\b.{0,30}\bdesviacion/,
];

const READS: Record<Exclude<Intent, 'hold' | 'setpoint' | 'deviation_draft' | 'release' | 'forbidden' | 'injection' | 'help' | 'off_topic'>, Patterns> = {
  explain_alert: [/\b(alerts?|alarms?|alertas?|alarmas?|warnung)\b/],
  pending: [/\b(pending|open|outstanding|waiting)\b.{0,25}\b(proposals?|approvals?|decisions?|holds?)\b/, /\b(proposals?|approvals?)\b.{0,25}\b(pending|open|outstanding|waiting)\b/, /\bawaiting (approval|decision|signature)\b/, /\b(offene|ausstehende|wartende)\b.{0,25}\b(vorschlage|vorschlag|genehmigungen|freigaben|entscheidungen)\b/, /\b(propuestas?|aprobaciones?|decisiones)\b.{0,25}\b(pendientes?|abiertas?)\b/, /\bpendientes? de aprobacion\b/],
  deviation_search: [/\bdeviations?\b/, /\bincidents?\b/, /\b(problems?|issues?|trouble)\b.{0,40}\b(with|on|at|in)\b/, /\bever (had|have)\b/, /\bprobleme?\b.{0,30}\b(mit|am|an|bei)\b/, /\bproblemas?\b.{0,30}\b(con|en)\b/, /\bcapas?\b/, /\babweichung(en)?\b/, /\bdesviacion(es)?\b/, /\bhappened before\b/, /\bschon (einmal|mal)\b/, /\bhemos tenido\b/],
  sop: [/\bsops?\b/, /\bprocedures?\b/, /\bwork instructions?\b/, /\bhow (do|to|should|can) (i|we|you)?\b/, /\bwhat does the .{0,20}(say|require)\b/, /\b(arbeits|verfahrens)?anweisung(en)?\b/, /\bwie (kalibriere|messe|gehe|mache|reinige|fuhre)\b/, /\bprocedimientos?\b/, /\binstrucciones? de trabajo\b/, /\bcomo (calibro|mido|se|debo|hago|limpio)\b/, /\bstandard operating\b/],
  spec: [/\bspec(ification)?s?\b/, /\blimits?\b/, /\bacceptance criteria\b/, /\bspezifikation(en)?\b/, /\bgrenzwerte?\b/, /\bgrenzen\b/, /\bespecificacion(es)?\b/, /\blimites?\b/, /\bcriterios? de aceptacion\b/, /\bwhat is allowed\b/],
  trend: [/\btrends?\b/, /\btrending\b/, /\bhistory\b/, /\bhistorical\b/, /\bspc\b/, /\bcontrol charts?\b/, /\bdrift(ing|s)?\b/, /\bcapability\b/, /\bcpk\b/, /\bppk\b/, /\bover time\b/, /\bverlauf\b/, /\bhistorie\b/, /\bregelkarte\b/, /\bprozessfahigkeit\b/, /\bdriftet\b/, /\btendencia\b/, /\bhistorial\b/, /\bgrafico de control\b/, /\bderiva\b/, /\bcapacidad de proceso\b/],
  lot_status: [/\bstatus\b/, /\bon hold\b/, /\bheld\b/, /\bdisposition\b/, /\breleased\b/, /\bquarantined\b/, /\bblocked\b/, /\bbe released\b/, /\bgesperrt\b/, /\bfreigegeben\b/, /\bin quarantane\b/, /\bestado\b/, /\bretenido\b/, /\bbloqueado\b/, /\bliberado\b/, /\ben cuarentena\b/],
  work_order: [/\bwork orders?\b/, /\bauftrag\b/, /\bfertigungsauftrag\b/, /\borden(es)? de (trabajo|fabricacion|produccion)\b/],
  line_status: [/\brunning\b/, /\bin production\b/, /\bproducing\b/, /\bwhat'?s on\b/, /\blauft\b/, /\bproduziert\b/, /\bin produktion\b/, /\bproduciendo\b/, /\ben marcha\b/, /\bse (fabrica|produce|esta fabricando)\b/, /\bfunciona\b/],
  equipment: [/\bstate\b/, /\bparameters?\b/, /\bsetpoints?\b/, /\bvalidated range\b/, /\bcalibrat/, /\bcurrent(ly)?\b/, /\bzustand\b/, /\bsollwert\b/, /\bparametern?\b/, /\bvalidierte[rn]? bereich\b/, /\bparametros?\b/, /\bconsigna\b/, /\brango validado\b/, /\bactual\b/],
  result: [/\bresults?\b/, /\bvalues?\b/, /\bmeasured\b/, /\breading\b/, /\bergebnis(se)?\b/, /\bgemessen\b/, /\bresultados?\b/, /\bvalor\b/, /\bmedido\b/],
};

const HELP: Patterns = [/^(hi|hello|hey|hallo|hola|guten (morgen|tag)|buenos dias)\b/, /\bwhat can you do\b/, /\bhelp\b/, /\bwas kannst du\b/, /\bhilfe\b/, /\bque puedes hacer\b/, /\bayuda\b/];

/** Clearly off the plant's topics; anything unrecognised is declined the same way. */
const OFF_TOPIC: Patterns = [/\bweather\b/, /\bjoke\b/, /\bpoem\b/, /\bstock price\b/, /\bfootball\b/, /\brecipe\b/, /\bwetter\b/, /\bwitz\b/, /\bgedicht\b/, /\bclima\b/, /\bchiste\b/, /\bpoema\b/, /\breceta\b/, /\bpassword\b/, /\bpasswort\b/, /\bcontrasena\b/, /\bsalary\b/, /\bhack\b/];

export interface ClauseIntents {
  intents: Intent[];
}

/** Intents named in one clause of a question (normalized text). */
export function recognizeIntents(text: string): Intent[] {
  const found: Intent[] = [];
  if (mentions(text, INJECTION)) return ['injection'];
  if (mentions(text, FORBIDDEN)) found.push('forbidden');
  if (mentions(text, RELEASE)) found.push('release');
  if (mentions(text, HOLD)) found.push('hold');
  if (mentions(text, SETPOINT)) found.push('setpoint');
  if (mentions(text, DEVIATION_DRAFT)) found.push('deviation_draft');
  for (const [intent, patterns] of Object.entries(READS) as [Intent, Patterns][]) if (mentions(text, patterns)) found.push(intent);
  if (mentions(text, OFF_TOPIC)) found.push('off_topic');
  if (mentions(text, HELP)) found.push('help');
  return found;
}

/** The proposal actions the operator's own words ask for: the gate every proposal tool checks. */
export function requestedActions(question: string): ('hold' | 'setpoint' | 'deviation')[] {
  const text = normalize(question);
  if (mentions(text, INJECTION)) return [];
  const actions: ('hold' | 'setpoint' | 'deviation')[] = [];
  if (mentions(text, HOLD)) actions.push('hold');
  if (mentions(text, SETPOINT)) actions.push('setpoint');
  if (mentions(text, DEVIATION_DRAFT)) actions.push('deviation');
  return actions;
}

/** True when the question tries to change the assistant's rules: refused before any model runs. */
export function isInjection(question: string): boolean {
  return mentions(normalize(question), INJECTION);
}
