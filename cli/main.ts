// Entry point of `pandaproctor`: one table of subcommands, each loaded only when it runs so that
// e.g. `pandaproctor server` never loads React or OpenCV.
import { commands, usage } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`pandaproctor ${(await import('../common/package.js')).VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`pandaproctor: unknown command '${name}'. Run 'pandaproctor --help' to see the commands.\n`);
    return 2;
  }
  const mod = await command.load();
  const code = await mod.run(rest);
  if (mod.exitAtOnce) {
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
    await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
    process.exit(code);
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`pandaproctor: ${message}\n`);
    if (process.env.PANDAPROCTOR_DEBUG) console.error(err);
    process.exitCode = 1;
  },
);
