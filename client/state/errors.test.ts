import { errorLine } from './errors.js';

const fsError = (code: string, path: string) =>
  Object.assign(new Error(`${code}: raw text, stat '${path}'`), { code, path });

describe('errorLine for file errors', () => {
  test('names the path and what to do in words, not the errno text', () => {
    expect(errorLine(fsError('ENOENT', '/tmp/q.csv'))).toBe('/tmp/q.csv does not exist — check the path');
    expect(errorLine(fsError('EACCES', '/root/q.csv'))).toBe(
      'no permission for /root/q.csv — choose a path you may read/write',
    );
    expect(errorLine(fsError('EISDIR', '/tmp'))).toBe('/tmp is a folder — type the path of a file');
    expect(errorLine(fsError('ENOTDIR', '/etc/passwd/x'))).toBe(
      'part of /etc/passwd/x is not a folder — check the path',
    );
  });
  test('an errno error without a path still says what to do', () => {
    expect(errorLine(Object.assign(new Error('ENOENT: gone'), { code: 'ENOENT' }))).toBe(
      'ENOENT: gone — check the path',
    );
  });
});
