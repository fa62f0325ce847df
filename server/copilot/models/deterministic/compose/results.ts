// Answers about LIMS results and alerts, written only from the lims_results and explain_alert
// tool answers: value, specification, the quality engine's verdict, and the record ids.
import type { Language } from '../language';
import type { ToolResult } from '../planner';
import { isOos, verdictText } from './verdicts';
import { arr, failure, joinList, obj, say, sentence, str, when, withUnit, type Names } from './words';

type View = Record<string, unknown>;

function oneResult(lang: Language, names: Names, subject: string, view: View): string {
  const spec = obj(view.spec);
  const base = say(lang, { en: '{test} of {subject}: {value} (LIMS result {id}, sample {sample}, final {when}).', de: '{test} von {subject}: {value} (LIMS-Ergebnis {id}, Probe {sample}, final {when}).', es: '{test} de {subject}: {value} (resultado LIMS {id}, muestra {sample}, final {when}).' }, {
    test: names.test(str(view.test)), subject, value: withUnit(view.value, view.unit), id: str(view.resultId), sample: str(view.sampleId), when: when(view.finalizedAt),
  });
  const retracted = view.status === 'retracted' ? ` ${say(lang, { en: 'This result was RETRACTED.', de: 'Dieses Ergebnis wurde ZURÜCKGEZOGEN.', es: 'Este resultado fue RETIRADO.' })}` : '';
  const specPart = spec.text ? ` ${say(lang, { en: 'Specification {spec}: {verdict}.', de: 'Spezifikation {spec}: {verdict}.', es: 'Especificación {spec}: {verdict}.' }, { spec: str(spec.text), verdict: verdictText(lang, view.verdict) })}` : '';
  const engine = lang === 'en' && (isOos(view.verdict) || obj(view.verdict).disposition === 'review') ? ` ${sentence(str(obj(view.verdict).text))}` : '';
  return `${base}${retracted}${specPart}${engine}`;
}

function pendingResult(lang: Language, names: Names, view: View): string {
  return say(lang, { en: '{test} of sample {sample} is still pending in the LIMS (analysis {id}, registered {when}): there is no value yet.', de: '{test} der Probe {sample} ist im LIMS noch offen (Analyse {id}, registriert {when}): noch kein Wert.', es: '{test} de la muestra {sample} sigue pendiente en el LIMS (análisis {id}, registrado {when}): aún no hay valor.' }, {
    test: names.test(str(view.test)), sample: str(view.sampleId), id: str(view.resultId), when: when(view.finalizedAt),
  });
}

export function limsResultsAnswer(lang: Language, names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const views = arr<View>(r.results);
  const subject = r.sample ? say(lang, { en: 'sample {id} ({lot})', de: 'Probe {id} ({lot})', es: 'la muestra {id} ({lot})' }, { id: str(r.sample), lot: str(r.lot) }) : str(r.lot);
  if (views.length === 0) {
    return say(lang, { en: 'The LIMS has no {test}results for {subject} yet.', de: 'Das LIMS hat noch keine {test}Ergebnisse für {subject}.', es: 'El LIMS aún no tiene resultados {test}para {subject}.' }, { test: r.test ? `${names.test(str(r.test))} ` : '', subject });
  }
  const parts: string[] = [];
  const tests = [...new Set(views.map((v) => str(v.test)))];
  for (const test of tests) {
    const ofTest = views.filter((v) => v.test === test);
    const latestFinal = ofTest.find((v) => v.status !== 'pending');
    const pending = ofTest.filter((v) => v.status === 'pending');
    for (const p of pending) parts.push(pendingResult(lang, names, p));
    if (latestFinal) {
      parts.push(oneResult(lang, names, subject, latestFinal));
      const holdPending = arr(r.pendingHolds)[0];
      if (isOos(latestFinal.verdict) && holdPending) parts.push(say(lang, { en: 'This is an OOS result: the lot needs a hold and a laboratory investigation under the OOS procedure. A hold proposal for {lot} ({id}) is already waiting for a decision by QA.', de: 'Das ist ein OOS-Ergebnis: die Charge braucht eine Sperre und eine Laboruntersuchung nach dem OOS-Verfahren. Ein Sperrvorschlag für {lot} ({id}) wartet bereits auf die Entscheidung der QA.', es: 'Es un resultado OOS: el lote necesita una retención y una investigación de laboratorio según el procedimiento OOS. Una propuesta de retención para {lot} ({id}) ya espera la decisión de QA.' }, { lot: str(r.lot), id: str(holdPending.id) }));
      else if (isOos(latestFinal.verdict)) parts.push(say(lang, { en: 'This is an OOS result: the lot needs a hold and a laboratory investigation under the OOS procedure. I can propose a hold if you ask me to.', de: 'Das ist ein OOS-Ergebnis: die Charge braucht eine Sperre und eine Laboruntersuchung nach dem OOS-Verfahren. Auf Wunsch schlage ich eine Sperre vor.', es: 'Es un resultado OOS: el lote necesita una retención y una investigación de laboratorio según el procedimiento OOS. Puedo proponer una retención si me lo pide.' }));
      const earlier = ofTest.filter((v) => v !== latestFinal && v.status !== 'pending').slice(0, tests.length > 1 ? 0 : 4);
      if (earlier.length > 0) {
        const listed = earlier.map((v) => `${withUnit(v.value, v.unit)} (${str(v.sampleId)}${v.status === 'retracted' ? ', retracted' : ''})`);
        const allPass = earlier.every((v) => obj(v.verdict).outcome === 'pass' && v.status === 'final');
        parts.push(say(lang, allPass ? { en: 'Earlier {test} results: {list}, all within specification.', de: 'Frühere {test}-Ergebnisse: {list}, alle innerhalb der Spezifikation.', es: 'Resultados anteriores de {test}: {list}, todos dentro de especificación.' } : { en: 'Earlier {test} results: {list}.', de: 'Frühere {test}-Ergebnisse: {list}.', es: 'Resultados anteriores de {test}: {list}.' }, { test: names.test(test), list: joinList(lang, listed) }));
      }
    }
  }
  return parts.join(' ');
}

export function explainAlertAnswer(lang: Language, names: Names, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const view = obj(r.result);
  const alert = obj(r.alert);
  const spc = obj(r.spc);
  const parts: string[] = [];
  if (alert.id) parts.push(say(lang, { en: 'Alert {id} ({severity}, rule {rule}) is about {test} on {lot}.', de: 'Alarm {id} ({severity}, Regel {rule}) betrifft {test} von {lot}.', es: 'La alerta {id} ({severity}, regla {rule}) trata de {test} del lote {lot}.' }, { id: str(alert.id), severity: str(alert.severity), rule: str(alert.rule), test: names.test(str(view.test)), lot: str(r.lot) }));
  parts.push(oneResult(lang, names, str(r.lot), view));
  const fired = arr<string>(spc.rulesFiredAtThisResult);
  if (fired.length) {
    parts.push(say(lang, { en: 'SPC: rule {rules} fired at this result (control limits {lcl} to {ucl}, centre {center}).', de: 'SPC: Regel {rules} hat bei diesem Ergebnis angeschlagen (Eingriffsgrenzen {lcl} bis {ucl}, Mittellinie {center}).', es: 'SPC: la regla {rules} se disparó en este resultado (límites de control {lcl} a {ucl}, línea central {center}).' }, { rules: joinList(lang, fired), lcl: str(spc.lcl), ucl: str(spc.ucl), center: str(spc.center) }));
    if (lang === 'en') for (const s of arr(spc.signals).slice(0, 2)) parts.push(sentence(str(s.text)));
  } else if (spc.points !== undefined) {
    parts.push(say(lang, { en: 'No SPC run rule fired at this result.', de: 'Bei diesem Ergebnis hat keine SPC-Regel angeschlagen.', es: 'Ninguna regla SPC se disparó en este resultado.' }));
  }
  if (r.sopId) parts.push(say(lang, { en: 'The specification refers to {sop}.', de: 'Die Spezifikation verweist auf {sop}.', es: 'La especificación remite a {sop}.' }, { sop: str(r.sopId) }));
  return parts.join(' ');
}
