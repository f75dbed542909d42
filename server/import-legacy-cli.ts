// `pandaproctor import-legacy DIR [--data DIR]`: imports a folder in the original file layout and
// prints counts and per-line errors.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { importLegacy } from './admin-ops.js';
import { dataDirFlag, parseArgs } from './cli-args.js';
import { dataDirProblem } from './admin-cli.js';

const USAGE = `Usage: pandaproctor import-legacy DIR [--data DATADIR]

Imports a folder in the original PandaProctor layout into the data directory:
  questions.csv        ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course (trailing empty column ok)
  Admin.txt            user,pass lines -> admin accounts (passwords are hashed, never stored)
  Student.txt          user,pass lines -> student accounts
  student_scores.csv   Student Name,Score -> kept as legacy scores
Existing accounts are kept; a question with a known ID is updated. Works with or without a running
server on DATADIR (default ./pandaproctor-data, or $PANDAPROCTOR_DATA).
`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { flags, positional } = parseArgs(argv, { values: ['data'], booleans: ['help'] });
    if (flags.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positional.length !== 1) {
      const problem =
        positional.length === 0 ? 'name the folder to import' : `one folder at a time (got ${positional.length})`;
      process.stderr.write(`pandaproctor import-legacy: ${problem}\n${USAGE}`);
      return 2;
    }
    const dir = resolve(positional[0]);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      process.stderr.write(`pandaproctor import-legacy: ${dir} is not a directory\n`);
      return 2;
    }
    // Like `admin add`: a new data directory only where --data names it, never by default.
    const missing = dataDirProblem(dataDirFlag(flags), 'add', typeof flags.data === 'string');
    if (missing) {
      process.stderr.write(`pandaproctor import-legacy: ${missing}\n`);
      return 1;
    }
    const r = await importLegacy(dataDirFlag(flags), dir);
    const out = [
      `questions: ${r.questions.created} created, ${r.questions.updated} updated`,
      `admins: ${r.admins} created`,
      `students: ${r.students} created`,
      `legacy scores: ${r.scores} imported`,
      ...(r.skipped.length ? [`not found (skipped): ${r.skipped.join(', ')}`] : []),
      `${r.errors.length} line(s) not imported${r.errors.length ? ':' : ''}`,
      ...r.errors.map((e) => `  ${e.file}:${e.line}: ${e.message}`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return r.errors.length > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`pandaproctor import-legacy: ${(err as Error).message}\n`);
    return 1;
  }
}
