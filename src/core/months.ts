// English month names, the one list every date printed for people is spelt from.

/** "January" .. "December", index 0 = January (as Date.getUTCMonth()). */
export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
