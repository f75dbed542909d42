// A table of subcommands whose modules load only when one runs (`pandaproctor <command>`,
// `npm run bench -- <name>`), so starting one never loads the others' dependencies.
export interface Subcommand<M> {
  name: string;
  summary: string;
  load(): Promise<M>;
}

/** One usage line per subcommand, the names padded to one column: "  name  summary". */
export function subcommandLines(list: readonly { name: string; summary: string }[]): string[] {
  const width = Math.max(...list.map((c) => c.name.length));
  return list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
}
