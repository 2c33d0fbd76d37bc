/**
 * The one order of text in output and files: by UTF-16 code unit, as `<` compares strings. Not
 * `localeCompare`, whose result depends on the machine's locale: a report, an export or a normalized payload
 * must list things the same way everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
