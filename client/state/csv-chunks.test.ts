import { chunkCsv, fileLine, splitRecords } from './csv-chunks.js';

const header = 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course';

describe('csv chunks for large imports', () => {
  test('records follow quotes across newlines and keep their first line number', () => {
    const text = `${header}\r\nQ1,"two\nlines",a|b,A,c,Easy,DSA\r\nQ2,"say ""hi""",a|b,B,c,Easy,DSA\n\nQ3,x,a|b,A,c,Easy,DSA`;
    expect(splitRecords(text).map((r) => r.line)).toEqual([1, 2, 4, 6]);
    expect(splitRecords(text)[1].record).toBe('Q1,"two\nlines",a|b,A,c,Easy,DSA');
  });
  test('pieces stay under the size, each repeats the header, and error lines map back to the file', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `Q${i},"question ${i}\nsecond line",a|b|c,A,Concept,Easy,DSA`);
    const text = [header, ...rows].join('\n') + '\n';
    const chunks = chunkCsv(text, 8 * 1024);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.csv.startsWith(header + '\n')).toBe(true);
      expect(c.bytes).toBeLessThanOrEqual(8 * 1024 + header.length + 1);
    }
    expect(chunks.reduce((a, c) => a + c.records, 0)).toBe(1000);
    // Row Q500 is on file line 2 + 500*2 = 1002; find it in its chunk and map it back.
    const c = chunks.find((k) => k.csv.includes('Q500,'))!;
    const recIndex = c.lineMap.indexOf(1002);
    expect(recIndex).toBeGreaterThan(0);
    expect(fileLine(c, recIndex + 1)).toBe(1002);
  });
  test('an empty file gives no pieces; a BOM is ignored', () => {
    expect(chunkCsv('')).toEqual([]);
    expect(chunkCsv(`\uFEFF${header}\nQ1,t,a|b,A,c,Easy,DSA\n`)[0].csv.startsWith(header)).toBe(true);
  });
});
