// How numbers, money and dates read on the page.

/** An amount in the currency's smallest unit, e.g. 1125 usd → "$11.25". */
export function money(amountCents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(amountCents / 100);
}

/** A date and time in the reader's locale. */
export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A date in the reader's locale. */
export function date(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A count with thousands separators. */
export function count(n: number): string {
  return new Intl.NumberFormat().format(n);
}

/** Micro-dollars (what usage rows store) as dollars with enough digits to show small costs. */
export function microUsd(micro: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(micro / 1_000_000);
}

/** "1 credit" / "5 credits". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "2026-05" → "May 2026". */
export function month(yyyyMm: string): string {
  const [y, m] = yyyyMm.split('-').map(Number);
  if (!y || !m) return yyyyMm;
  return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}
