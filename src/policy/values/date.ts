/**
 * Dates for the Date operators: "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX)
 * time" (iam/reference_policies_elements_condition_operators.md#Conditions_Date), on both the policy and the
 * request side, so that aws:CurrentTime and aws:EpochTime values compare with either form.
 *
 * W3C forms (https://www.w3.org/TR/NOTE-datetime): YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD,
 * YYYY-MM-DDThh:mm:ssTZD, YYYY-MM-DDThh:mm:ss.sTZD, with TZD = Z or +hh:mm or -hh:mm.
 * Choices the doc leaves open: a missing TZD means UTC; a string of exactly four digits is a year (the W3C form),
 * any other string of digits is epoch seconds. Wildcards are not permitted (same page), so `*` never parses.
 */
const W3C_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch, or undefined when `text` is not a date. */
export function parseDateValue(text: string): number | undefined {
  if (/^\d+$/.test(text) && text.length !== 4) return Number(text) * 1000;
  const m = W3C_DATE.exec(text);
  if (!m) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction, zone] = m;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  if (date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return undefined; // e.g. 2023-02-30
  const fractionMs = fraction ? Number(fraction) * 1000 : 0;
  return date.getTime() + fractionMs - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return sign * (hours * 60 + minutes) * 60_000;
}
