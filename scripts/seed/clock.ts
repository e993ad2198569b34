// Time in the demo history: epoch milliseconds, UTC. The team works weekdays 08:00–18:30 UTC.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const SHIFT_START_HOUR = 8;
const SHIFT_END_HOUR = 18.5;

export const startOfDay = (t: number) => Math.floor(t / DAY) * DAY;
export const isWeekend = (t: number) => [0, 6].includes(new Date(t).getUTCDay());
const hourOfDay = (t: number) => (t - startOfDay(t)) / HOUR;

/** Reviewers are at their desks. */
export function onDuty(t: number): boolean {
  const hour = hourOfDay(t);
  return !isWeekend(t) && hour >= SHIFT_START_HOUR && hour < SHIFT_END_HOUR;
}

/** The next moment a shift starts (t itself when on duty). */
export function nextShiftStart(t: number): number {
  if (onDuty(t)) return t;
  let day = startOfDay(t);
  if (hourOfDay(t) >= SHIFT_START_HOUR) day += DAY;
  while (isWeekend(day)) day += DAY;
  return day + SHIFT_START_HOUR * HOUR;
}

/** `t` moved to `hour` o'clock of the same UTC day, or of the closest weekday before it. */
export function workdayAt(t: number, hour: number): number {
  let day = startOfDay(t);
  while (isWeekend(day)) day -= DAY;
  return day + hour * HOUR;
}
