import { fromReversibleText, reversibleSpreadsheetText, spreadsheetText } from './spreadsheet-text.js';

describe('spreadsheet text', () => {
  it('puts a quote before a cell a spreadsheet would run, and leaves the rest', () => {
    expect(['=1+1', '+44', '-3', '@SUM(A1)', '\tx', '\rx'].map(spreadsheetText)).toEqual(["'=1+1", "'+44", "'-3", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(spreadsheetText('NHS Darlington CCG')).toBe('NHS Darlington CCG');
    expect(spreadsheetText("'quoted")).toBe("'quoted");
  });

  it('reversibly: a cell already starting with a quote gets one more, and exactly one comes off', () => {
    for (const value of ['=HYPERLINK("x")', "'quoted", "''", 'plain', '', '-'])
      expect(fromReversibleText(reversibleSpreadsheetText(value))).toBe(value);
    expect(reversibleSpreadsheetText("'quoted")).toBe("''quoted");
  });
});
