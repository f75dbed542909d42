// Fails when package.json lists a package that nothing uses, when a file imports a package that
// package.json does not list, or when `npm ls --all` reports a problem (extraneous, missing,
// invalid). Run by .ci/run and `npm run check:deps` (`-- --verbose` also lists where each package
// is used).
//
// A package counts as used when a source, test, config or bin file (.ts .tsx .js .mjs .cjs) names it
// in a quoted string - an import or require specifier, a dynamic import, a jest preset, a
// `--import tsx` argument - or a package.json script runs one of its binaries or `--import`s it.
// `@types/X` counts when X does; `@types/node` when any file imports a `node:` module.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface SourceFile {
  path: string;
  text: string;
}

export interface Usage {
  name: string;
  field: 'dependencies' | 'devDependencies' | 'optionalDependencies';
  /** Where it is used ("bin/pandaproctor.js", "script test", "@types of node"); empty when unused. */
  usedBy: string[];
}

const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);
/** Every quoted string that could be a package specifier: a name, a scoped name, either with a subpath. */
const SPECIFIER = /(['"`])(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)\1/g;

/** `@types/foo__bar` describes `@foo/bar`. */
function typedPackage(types: string): string {
  const name = types.slice('@types/'.length);
  return name.includes('__') ? `@${name.replace('__', '/')}` : name;
}

/** The commands a script line runs and the modules it loads with --import/--require/--loader. */
function scriptWords(line: string): string[] {
  return line.split(/[\s;&|()]+/).filter(Boolean);
}

/** Import forms only: a static import or export, a side-effect import, import(), require(), require.resolve(). */
const IMPORTS = [
  /\bfrom\s+['"]([^'"\s]+)['"]/g,
  /^\s*import\s+['"]([^'"\s]+)['"]/gm,
  /\bimport\s*\(\s*['"]([^'"\s]+)['"]\s*\)/g,
  /\brequire(?:\.resolve)?\(\s*['"]([^'"\s]+)['"]\s*\)/g,
];

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Packages a file imports that package.json does not list: they resolve only because another
 * package happens to bring them along, and vanish when it stops doing so.
 */
export function undeclaredImports(
  manifest: Manifest & { name?: string },
  files: SourceFile[],
): { name: string; files: string[] }[] {
  const declared = new Set(FIELDS.flatMap((f) => Object.keys(manifest[f] ?? {})));
  const found = new Map<string, Set<string>>();
  for (const f of files) {
    for (const re of IMPORTS) {
      for (const m of f.text.matchAll(re)) {
        const spec = m[1];
        if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || isBuiltin(spec)) continue;
        const pkg = packageOf(spec);
        if (declared.has(pkg) || pkg === manifest.name) continue;
        if (!found.has(pkg)) found.set(pkg, new Set());
        found.get(pkg)!.add(f.path);
      }
    }
  }
  return [...found]
    .map(([name, where]) => ({ name, files: [...where].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function usages(manifest: Manifest, files: SourceFile[], binsOf: (name: string) => string[]): Usage[] {
  const named = new Map<string, Set<string>>();
  for (const f of files) {
    for (const m of f.text.matchAll(SPECIFIER)) {
      const pkg = packageOf(m[2]); // '@scope/name/sub' -> '@scope/name'; 'name/sub' -> 'name'
      if (!named.has(pkg)) named.set(pkg, new Set());
      named.get(pkg)!.add(f.path);
    }
  }
  const usesNodeBuiltins = files.some((f) => /(['"])node:[a-z_/]+\1/.test(f.text));
  const out: Usage[] = [];
  const direct = (name: string): string[] => {
    const usedBy = [...(named.get(name) ?? [])].sort();
    const bins = binsOf(name);
    for (const [script, line] of Object.entries(manifest.scripts ?? {})) {
      const words = scriptWords(line);
      const runs = words.some((w, i) => bins.includes(w) && !words[i - 1]?.startsWith('-'));
      const loads = words.some((w, i) => w === name && /^--(import|require|loader)$/.test(words[i - 1] ?? ''));
      if (runs || loads) usedBy.push(`script ${script}`);
    }
    return usedBy;
  };
  for (const field of FIELDS) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      let usedBy: string[];
      if (name.startsWith('@types/')) {
        const of = typedPackage(name);
        if (of === 'node') usedBy = usesNodeBuiltins ? ['@types of node: node: imports'] : [];
        else usedBy = direct(of).length ? [`@types of ${of}`] : [];
      } else usedBy = direct(name);
      out.push({ name, field, usedBy });
    }
  }
  return out;
}

/** Source files below `root`, skipping installed and built trees. */
export function sourceFiles(root: string, dir = root): SourceFile[] {
  const out: SourceFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...sourceFiles(root, join(dir, e.name)));
    } else if (e.isFile() && SOURCE.test(e.name)) {
      const path = join(dir, e.name);
      out.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

function installedBins(root: string, name: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      bin?: string | Record<string, string>;
    };
    if (typeof pkg.bin === 'string') return [name.split('/').pop()!];
    return Object.keys(pkg.bin ?? {});
  } catch {
    return []; // not installed: npm ls reports it as missing
  }
}

/** The problems `npm ls --all` finds (its exit status is non-zero when there are any). */
function npmLsProblems(root: string): string[] {
  let json: string;
  try {
    json = execFileSync('npm', ['ls', '--all', '--json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    json = (err as { stdout?: string }).stdout ?? '';
    if (!json) return [`npm ls failed: ${(err as Error).message.split('\n')[0]}`];
  }
  const problems = (JSON.parse(json) as { problems?: string[] }).problems ?? [];
  return problems;
}

function main(): number {
  const root = process.cwd();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const files = sourceFiles(root);
  const all = usages(manifest, files, (name) => installedBins(root, name));
  const unused = all.filter((u) => u.usedBy.length === 0);
  const dirs = [...new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] + '/' : f.path)))].sort();
  console.log(`looked in ${files.length} files (${dirs.join(' ')}) and the package.json scripts`);
  if (process.argv.includes('--verbose')) {
    for (const u of all)
      if (u.usedBy.length)
        console.log(
          `used: ${u.name} by ${u.usedBy.slice(0, 3).join(', ')}${u.usedBy.length > 3 ? ` and ${u.usedBy.length - 3} more` : ''}`,
        );
  }
  for (const u of unused)
    console.log(`unused: ${u.name} (${u.field}): no file imports or names it and no script runs it`);
  const undeclared = undeclaredImports(manifest, files);
  for (const u of undeclared)
    console.log(`undeclared: ${u.name} is imported by ${u.files.join(', ')} but package.json does not list it`);
  const problems = npmLsProblems(root);
  for (const p of problems) console.log(`npm ls: ${p}`);
  if (unused.length || undeclared.length || problems.length) return 1;
  console.log(`all ${all.length} packages are used and every imported one is listed; npm ls --all reports no problems`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
