import { CsvSyntaxError, formatExportCsv, formatRow, neutraliseCell, parseCsv, unneutraliseCell } from './csv.js';

describe('csv', () => {
  test('round-trips quotes, commas and line breaks', () => {
    const rows = [
      ['a', 'b,c', 'say "hi"', 'two\nlines', ''],
      ['1', '', 'x', 'y', 'z'],
    ];
    const text = rows.map((r) => formatRow(r)).join('');
    expect(parseCsv(text).records.map((r) => r.cells)).toEqual(rows);
  });

  test('gives the physical start line of every record', () => {
    const text = 'h1,h2\n"multi\nline",x\nlast,y\n';
    expect(parseCsv(text).records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  test('accepts CRLF and a missing final newline in rewritten files', () => {
    expect(parseCsv('a,b\r\nc,d').records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  test.each([
    ['a,b\nc"d,e\n', 2, 'quote inside an unquoted cell'],
    ['a,b\n"c"x,d\n', 2, 'text after a closing quote'],
    ['a\n"open\n', 2, 'unterminated quoted cell'],
  ])('reports malformed %j at line %i', (text, line, reason) => {
    try {
      parseCsv(text);
      throw new Error('parsed');
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(line);
      expect((err as CsvSyntaxError).reason).toContain(reason);
    }
  });

  test('an append log line cut short is reported as torn, not as an error', () => {
    const r = parseCsv('h\nrow1\n"row2 cut', { tornTail: true });
    expect(r.records.map((x) => x.cells)).toEqual([['h'], ['row1']]);
    expect(r.torn).toEqual({ line: 3, offset: 7, text: '"row2 cut' });
  });

  test('rows end in CRLF as RFC 4180 says, and a row cut between CR and LF is torn', () => {
    expect(formatRow(['a', 'b,c'])).toBe('a,"b,c"\r\n');
    const r = parseCsv('h\r\nrow1\r\nrow2\r', { tornTail: true });
    expect(r.records.map((x) => x.cells)).toEqual([['h'], ['row1']]);
    expect(r.torn?.text).toBe('row2\r');
  });

  test('single-line rows keep line breaks out of append logs', () => {
    expect(formatRow(['a\nb', 'c\r\nd'], { singleLine: true })).toBe('a b,c d\r\n');
  });

  test.each(['=SUM(A1)', '+1', '-2', '@cmd', '\tx'])('neutralises %j on export and undoes it on import', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(unneutraliseCell(neutraliseCell(cell))).toBe(cell);
    expect(formatExportCsv(['h'], [[cell]]).split('\n')[1]).toMatch(/^"?'/);
  });

  test('leaves ordinary cells alone', () => {
    expect(neutraliseCell('plain = text')).toBe('plain = text');
  });
});
