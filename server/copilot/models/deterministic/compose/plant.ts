// Answers about lots, work orders, lines and equipment (MES) and about specifications and
// trends (LIMS + quality engine), written only from the tool answers.
import type { Language } from '../language';
import type { ToolResult } from '../planner';
import { arr, day, failure, joinList, obj, say, sentence, str, when, withUnit, type Names } from './words';

const DISPOSITION: Record<string, Record<Language, string>> = {
  Restricted: { en: 'Restricted (on hold)', de: 'Restricted (gesperrt)', es: 'Restricted (retenido)' },
  UnRestricted: { en: 'UnRestricted (released)', de: 'UnRestricted (freigegeben)', es: 'UnRestricted (liberado)' },
  'In-Process': { en: 'In-Process', de: 'In-Process (in Produktion)', es: 'In-Process (en proceso)' },
  Planned: { en: 'Planned', de: 'Planned (geplant)', es: 'Planned (planificado)' },
  Closed: { en: 'Closed', de: 'Closed (abgeschlossen)', es: 'Closed (cerrado)' },
};

export function dispositionText(lang: Language, disposition: unknown): string {
  return DISPOSITION[str(disposition)]?.[lang] ?? str(disposition);
}

export function lotStatusAnswer(lang: Language, names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const product = obj(r.product);
  const parts = [say(lang, { en: '{lot} ({product}) is {disposition}.', de: '{lot} ({product}) ist {disposition}.', es: '{lot} ({product}) está {disposition}.' }, { lot: str(r.lot), product: str(product.name ?? product.id), disposition: dispositionText(lang, r.disposition) })];
  const holds = arr(r.holds);
  const active = holds.filter((h) => !h.releasedAt);
  for (const h of active) {
    parts.push(say(lang, { en: 'It is ON HOLD: hold {id} ({reason}) placed by {by} on {day}: "{comment}"', de: 'Die Charge ist GESPERRT: Sperre {id} ({reason}) gesetzt von {by} am {day}: "{comment}"', es: 'Está RETENIDO: retención {id} ({reason}) puesta por {by} el {day}: "{comment}"' }, { id: str(h.id), reason: h.reasonMeaning ? `${str(h.reasonCode)}: ${str(h.reasonMeaning)}` : str(h.reasonCode), by: str(h.placedBy), day: day(h.placedAt), comment: str(h.comment) }));
  }
  if (active.length === 0) parts.push(say(lang, { en: 'It is not on hold.', de: 'Sie ist nicht gesperrt.', es: 'No está retenido.' }));
  for (const h of holds.filter((x) => x.releasedAt)) parts.push(say(lang, { en: 'An earlier hold {id} ({reason}) was released on {day}.', de: 'Eine frühere Sperre {id} ({reason}) wurde am {day} aufgehoben.', es: 'Una retención anterior {id} ({reason}) se levantó el {day}.' }, { id: str(h.id), reason: h.reasonMeaning ? `${str(h.reasonCode)}: ${str(h.reasonMeaning)}` : str(h.reasonCode), day: day(h.releasedAt) }));
  const order = obj(r.workOrder);
  if (order.id) parts.push(say(lang, { en: 'Work order {wo} ({status}) on {line}.', de: 'Fertigungsauftrag {wo} ({status}) auf {line}.', es: 'Orden de fabricación {wo} ({status}) en {line}.' }, { wo: str(order.id), status: str(order.status), line: str(r.line) }));
  const oos = arr(r.openOos);
  if (oos.length) {
    const listed = oos.map((o) => say(lang, { en: '{test} {value} on {sample} (result {id}, specification {spec})', de: '{test} {value} in {sample} (Ergebnis {id}, Spezifikation {spec})', es: '{test} {value} en {sample} (resultado {id}, especificación {spec})' }, { test: names.test(str(o.test)), value: withUnit(o.value, o.unit), sample: str(o.sample), id: str(o.resultId), spec: str(o.spec) }));
    parts.push(say(lang, { en: 'Open OOS: {list}.', de: 'Offene OOS: {list}.', es: 'OOS abiertos: {list}.' }, { list: joinList(lang, listed) }));
  } else {
    parts.push(say(lang, { en: 'No open OOS results.', de: 'Keine offenen OOS-Ergebnisse.', es: 'Sin resultados OOS abiertos.' }));
  }
  const pending = arr<string>(obj(r.results).pending);
  if (pending.length) parts.push(say(lang, { en: 'Pending LIMS tests: {list}.', de: 'Offene LIMS-Prüfungen: {list}.', es: 'Análisis LIMS pendientes: {list}.' }, { list: joinList(lang, pending) }));
  const deviations = arr(r.deviations);
  if (deviations.length) parts.push(say(lang, { en: 'Deviations naming this lot: {list}.', de: 'Abweichungen zu dieser Charge: {list}.', es: 'Desviaciones de este lote: {list}.' }, { list: joinList(lang, deviations.map((d) => `${str(d.id)} (${str(d.status)}): ${str(d.title)}`)) }));
  const proposals = arr(r.pendingProposals);
  if (proposals.length) parts.push(say(lang, { en: 'Waiting for a decision: {list}.', de: 'Wartet auf Entscheidung: {list}.', es: 'Pendiente de decisión: {list}.' }, { list: joinList(lang, proposals.map((p) => `${str(p.kind)} ${str(p.id)} (${str(p.status)})`)) }));
  return parts.join(' ');
}

export function workOrderAnswer(lang: Language, _names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const wo = obj(r.workOrder);
  const lot = obj(r.lot);
  const product = obj(r.product);
  const started = wo.actualStart ? say(lang, { en: ', started {when}', de: ', gestartet {when}', es: ', iniciada {when}' }, { when: when(wo.actualStart) }) : '';
  return say(lang, { en: 'Work order {id}: {product} on {line}, status {status}, lot {lot} ({disposition}), quantity {qty}, planned start {planned}{started}.', de: 'Fertigungsauftrag {id}: {product} auf {line}, Status {status}, Charge {lot} ({disposition}), Menge {qty}, geplanter Start {planned}{started}.', es: 'Orden {id}: {product} en {line}, estado {status}, lote {lot} ({disposition}), cantidad {qty}, inicio previsto {planned}{started}.' }, {
    id: str(wo.id), product: str(product.name ?? wo.productId), line: str(wo.lineId), status: str(wo.status), lot: str(lot.id ?? wo.lotId), disposition: dispositionText(lang, lot.disposition), qty: withUnit(wo.quantity, wo.unit), planned: day(wo.plannedStart), started,
  });
}

export function lineStatusAnswer(lang: Language, _names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const line = obj(r.line);
  const running = arr(r.running);
  const parts: string[] = [];
  if (running.length === 0) parts.push(say(lang, { en: 'Nothing is running on {line} ({name}) now.', de: 'Auf {line} ({name}) läuft gerade nichts.', es: 'En {line} ({name}) no se está fabricando nada ahora.' }, { line: str(line.id), name: str(line.name) }));
  for (const run of running) {
    parts.push(say(lang, { en: 'On {line} ({name}) work order {wo} is {status}: {product}, lot {lot} ({disposition}){started}.', de: 'Auf {line} ({name}) läuft Fertigungsauftrag {wo} ({status}): {product}, Charge {lot} ({disposition}){started}.', es: 'En {line} ({name}) la orden {wo} está {status}: {product}, lote {lot} ({disposition}){started}.' }, {
      line: str(line.id), name: str(line.name), wo: str(run.workOrder), status: str(run.status), product: str(obj(run.product).name ?? obj(run.product).id), lot: str(run.lot), disposition: dispositionText(lang, run.disposition),
      started: run.startedAt ? say(lang, { en: ', started {when}', de: ', gestartet {when}', es: ', iniciada {when}' }, { when: when(run.startedAt) }) : '',
    }));
  }
  const equipment = arr(r.equipment);
  if (equipment.length) parts.push(say(lang, { en: 'Equipment: {list}.', de: 'Anlagen: {list}.', es: 'Equipos: {list}.' }, { list: equipment.map((e) => `${str(e.id)} ${str(e.state)}`).join(', ') }));
  return parts.join(' ');
}

export function equipmentAnswer(lang: Language, _names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const unit = obj(r.equipment);
  const parts = [say(lang, { en: '{id} ({name}) on {line} is {state}{calibration}.', de: '{id} ({name}) auf {line}: Zustand {state}{calibration}.', es: '{id} ({name}) en {line}: estado {state}{calibration}.' }, {
    id: str(unit.id), name: str(unit.name), line: str(unit.line), state: str(unit.state),
    calibration: unit.lastCalibration ? say(lang, { en: ', last calibrated {day}', de: ', zuletzt kalibriert am {day}', es: ', última calibración {day}' }, { day: day(unit.lastCalibration) }) : '',
  })];
  const params = arr(r.parameters);
  for (const p of params) {
    const range = obj(p.validatedRange);
    parts.push((params.length > 1 ? '\n- ' : '') + say(lang, { en: '{name}: setpoint {sp}, current {cur}, validated range {min} to {max} {unit}{flag}.', de: '{name}: Sollwert {sp}, Istwert {cur}, validierter Bereich {min} bis {max} {unit}{flag}.', es: '{name}: consigna {sp}, valor actual {cur}, rango validado {min} a {max} {unit}{flag}.' }, {
      name: str(p.name), sp: withUnit(p.setpoint, p.unit), cur: withUnit(p.current, p.unit), min: str(range.min), max: str(range.max), unit: str(p.unit),
      flag: p.currentWithinRange === false ? say(lang, { en: ' (current value OUTSIDE the validated range)', de: ' (Istwert AUSSERHALB des validierten Bereichs)', es: ' (valor actual FUERA del rango validado)' }) : '',
    }).replace(/ \./, '.'));
  }
  return parts.join(' ').replace(/ \n- /g, '\n- ');
}

export function specificationAnswer(lang: Language, _names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const spec = obj(r.specification);
  const product = obj(r.product);
  const parts = [say(lang, { en: 'Specification {id} (version {version}) for {name} on {product}: {limits}{target}, reported to {decimals} decimal places.', de: 'Spezifikation {id} (Version {version}) für {name} bei {product}: {limits}{target}, berichtet mit {decimals} Nachkommastellen.', es: 'Especificación {id} (versión {version}) de {name} para {product}: {limits}{target}, con {decimals} decimales.' }, {
    id: str(spec.id), version: str(spec.version), name: str(spec.name), product: str(product.name ?? product.id), limits: str(spec.limits), decimals: str(spec.decimals),
    target: spec.target !== null && spec.target !== undefined ? say(lang, { en: ', target {t}', de: ', Zielwert {t}', es: ', objetivo {t}' }, { t: str(spec.target) }) : '',
  })];
  const bands = arr(spec.bands);
  if (bands.length) parts.push(say(lang, { en: 'Disposition bands: {list}.', de: 'Dispositionsbänder: {list}.', es: 'Bandas de disposición: {list}.' }, { list: bands.map((b) => str(b.label)).join('; ') }));
  const alert = obj(spec.alertLimits);
  if (alert.low !== undefined || alert.high !== undefined) parts.push(say(lang, { en: 'Alert limits: {list}.', de: 'Warngrenzen: {list}.', es: 'Límites de alerta: {list}.' }, { list: [alert.low !== undefined ? `low ${str(alert.low)}` : '', alert.high !== undefined ? `high ${str(alert.high)}` : ''].filter(Boolean).join(', ') }));
  parts.push(say(lang, { en: 'Method: {method}.', de: 'Methode: {method}.', es: 'Método: {method}.' }, { method: str(spec.method) }));
  if (spec.sopId) parts.push(say(lang, { en: 'SOP: {sop}.', de: 'SOP: {sop}.', es: 'SOP: {sop}.' }, { sop: str(spec.sopId) }));
  return parts.join(' ');
}

export function trendAnswer(lang: Language, names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const where = r.line ? str(r.line) : joinList(lang, arr<string>(r.lines));
  if (!r.count) return say(lang, { en: 'There are no final {test} results for {product} on {where}.', de: 'Es gibt keine finalen {test}-Ergebnisse für {product} auf {where}.', es: 'No hay resultados finales de {test} para {product} en {where}.' }, { test: names.test(str(r.test)), product: str(r.productName ?? r.product), where });
  const latest = obj(r.latest);
  const first = obj(r.first);
  const parts = [say(lang, { en: '{test} on {product} ({where}): {count} final results from {from} to {to}; latest {value} on {sample} ({lot}); range {min} to {max}.', de: '{test} bei {product} ({where}): {count} finale Ergebnisse von {from} bis {to}; zuletzt {value} in {sample} ({lot}); Spannweite {min} bis {max}.', es: '{test} de {product} ({where}): {count} resultados finales de {from} a {to}; último {value} en {sample} ({lot}); rango {min} a {max}.' }, {
    test: names.test(str(r.test)), product: str(r.productName ?? r.product), where, count: str(r.count), from: day(first.at), to: day(latest.at), value: withUnit(latest.value, r.unit), sample: str(latest.sample), lot: str(latest.lot), min: str(r.min), max: str(r.max),
  })];
  const spc = obj(r.spc);
  if (spc.chart) {
    parts.push(say(lang, { en: 'I-MR chart: centre {center}, control limits {lcl} to {ucl} (baseline of {baseline} results).', de: 'I-MR-Karte: Mittellinie {center}, Eingriffsgrenzen {lcl} bis {ucl} (Basis {baseline} Ergebnisse).', es: 'Gráfico I-MR: línea central {center}, límites de control {lcl} a {ucl} (base de {baseline} resultados).' }, { center: str(spc.center), lcl: str(spc.lcl), ucl: str(spc.ucl), baseline: str(spc.baselinePoints) }));
    const shift = obj(spc.shift);
    const direction = { rising: { en: 'rising', de: 'steigend', es: 'al alza' }, falling: { en: 'falling', de: 'fallend', es: 'a la baja' }, steady: { en: 'steady', de: 'stabil', es: 'estable' } }[str(shift.direction) as 'rising' | 'falling' | 'steady'];
    if (direction) parts.push(say(lang, { en: 'The mean moved from {from} to {to} ({sigmas} sigma): {direction}.', de: 'Der Mittelwert ging von {from} auf {to} ({sigmas} Sigma): {direction}.', es: 'La media pasó de {from} a {to} ({sigmas} sigma): {direction}.' }, { from: str(shift.from), to: str(shift.to), sigmas: str(shift.sigmas), direction: direction[lang] }));
    const signals = arr(spc.signals);
    if (signals.length) {
      parts.push(say(lang, { en: 'SPC signals: {rules}.', de: 'SPC-Signale: {rules}.', es: 'Señales SPC: {rules}.' }, { rules: joinList(lang, signals.map((s) => `${str(s.rule)} (${str(s.at)})`)) }));
      if (lang === 'en') parts.push(...signals.slice(0, 2).map((s) => sentence(str(s.text))));
    } else {
      parts.push(say(lang, { en: 'No SPC run rule fired.', de: 'Keine SPC-Regel hat angeschlagen.', es: 'No se disparó ninguna regla SPC.' }));
    }
    const cap = obj(spc.capability);
    if (cap.cpk !== undefined && cap.cpk !== null) parts.push(say(lang, { en: 'Capability: Cpk {cpk}, Ppk {ppk}.', de: 'Prozessfähigkeit: Cpk {cpk}, Ppk {ppk}.', es: 'Capacidad: Cpk {cpk}, Ppk {ppk}.' }, { cpk: str(cap.cpk), ppk: str(cap.ppk) }));
  }
  return parts.join(' ');
}
