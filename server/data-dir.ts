// File modes of the data directory: it holds the answer key (questions.csv), password hashes and
// the server key, so it is 0700 and every file in it 0600, whatever the umask or the mode of a
// directory made beforehand with `mkdir` (0755), and whatever a copy (the seeded sample bank keeps
// its source's 0644) left behind. Repaired at every start, as server.key's mode always was.
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Sets the modes; returns the paths it changed. Symlinks are left alone (chmod would follow them). */
export async function secureDataDir(dir: string, warn: (line: string) => void = () => {}): Promise<string[]> {
  const changed: string[] = [];
  const visit = async (path: string, depth: number): Promise<void> => {
    const st = await lstat(path);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((st.mode & 0o777) !== want) {
      try {
        await chmod(path, want);
        changed.push(path);
      } catch (e) {
        warn(
          `could not set mode ${want.toString(8)} on ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); other users may read it`,
        );
      }
    }
    if (st.isDirectory() && depth < 2) for (const name of await readdir(path)) await visit(join(path, name), depth + 1);
  };
  await visit(dir, 0);
  return changed;
}
