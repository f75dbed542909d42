// What node:util parseArgs refused, in words a user reads: "unknown option --x", "--x needs a
// value", "--x takes no value", "unexpected argument 'x'". Every command line (server subcommands,
// benches, the proctor) parses with parseArgs in strict mode, so they all refuse the same way.

/** Says why parseArgs threw `err`; rethrows anything that is not a refused command line. */
export function argsErrorMessage(err: unknown): string {
  const e = err as Error & { code?: string };
  // node quotes what it refuses: "Unknown option '--x'", "Option '-h, --help' does not take an argument".
  const quoted = /'([^']*)'/.exec(e.message ?? '')?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // "'--data <value>' argument missing", "'--data' argument is ambiguous" (the next word starts
      // with a dash), "'-h, --help' does not take an argument": name the long option.
      const option = /--[^\s',<]+/.exec(quoted)?.[0] ?? quoted;
      return /does not take an argument/.test(e.message) ? `${option} takes no value` : `${option} needs a value`;
    }
    default:
      throw err;
  }
}
