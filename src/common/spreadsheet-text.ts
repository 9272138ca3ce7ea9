/** A cell beginning `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by a
 *  spreadsheet (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV text cell a spreadsheet will not run: such a cell is written with a `'` before it. */
export const spreadsheetText = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** As spreadsheetText, and a cell already beginning with `'` gets one more too, so exactly one
 *  leading `'` comes off every cell that has one (fromReversibleText): for an export whose values
 *  must be read back exactly, as the audit log's hashes are recomputed from them. */
export const reversibleSpreadsheetText = (value: string): string => (FORMULA_START.test(value) || value.startsWith("'") ? `'${value}` : value);

/** The value reversibleSpreadsheetText wrote a cell for. */
export const fromReversibleText = (cell: string): string => (cell.startsWith("'") ? cell.slice(1) : cell);
