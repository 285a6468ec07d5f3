/**
 * A small strict flag parser for the bench scripts: `--name value` or `--name=value`, integers
 * checked, and an unknown flag is an error that lists the known ones (a typo must not silently
 * run the default-sized benchmark).
 */

export type IntFlag = { kind: 'int'; default: number; help: string; min?: number };
export type StringFlag = {
  kind: 'string';
  default?: string;
  help: string;
  choices?: readonly string[];
};
export type BoolFlag = { kind: 'bool'; help: string };
export type FlagSpec = IntFlag | StringFlag | BoolFlag;

type ValueOf<F extends FlagSpec> = F extends IntFlag
  ? number
  : F extends BoolFlag
    ? boolean
    : F extends { default: string }
      ? string
      : string | undefined;

export type Flags<S extends Record<string, FlagSpec>> = { [K in keyof S]: ValueOf<S[K]> };

/** A mistake in how the script was called (or what it was pointed at): shown without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses "5000", "5_000", "1e6" as integers; anything else is a usage error. */
export function parseIntFlag(name: string, raw: string, min = 0): number {
  const n = Number(raw.replace(/_/g, ''));
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return n;
}

export function usage(spec: Record<string, FlagSpec>): string {
  const rows = Object.entries(spec).map(([name, f]) => {
    const arg = f.kind === 'bool' ? '' : f.kind === 'int' ? ' <n>' : ' <value>';
    const def =
      f.kind === 'int'
        ? ` (default ${f.default})`
        : f.kind === 'string' && f.default !== undefined
          ? ` (default ${f.default})`
          : '';
    const choices = f.kind === 'string' && f.choices ? ` [${f.choices.join('|')}]` : '';
    return `  --${name}${arg}`.padEnd(30) + `${f.help}${choices}${def}`;
  });
  return rows.join('\n');
}

export function parseFlags<S extends Record<string, FlagSpec>>(argv: string[], spec: S): Flags<S> {
  const known = Object.keys(spec);
  const out: Record<string, number | string | boolean | undefined> = {};
  for (const [name, f] of Object.entries(spec)) {
    out[name] = f.kind === 'bool' ? false : f.default;
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) {
      throw new UsageError(
        `Unexpected argument "${token}". Known flags: ${known.map((k) => `--${k}`).join(', ')}`,
      );
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const f = spec[name];
    if (!f) {
      throw new UsageError(
        `Unknown flag --${name}. Known flags: ${known.map((k) => `--${k}`).join(', ')}`,
      );
    }
    if (f.kind === 'bool') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq !== -1) raw = token.slice(eq + 1);
    else {
      raw = argv[++i];
      if (raw === undefined || raw.startsWith('--'))
        throw new UsageError(`--${name} needs a value`);
    }
    if (f.kind === 'int') out[name] = parseIntFlag(name, raw, f.min ?? 0);
    else {
      if (f.choices && !f.choices.includes(raw)) {
        throw new UsageError(`--${name} must be one of ${f.choices.join(', ')}, got "${raw}"`);
      }
      out[name] = raw;
    }
  }
  return out as Flags<S>;
}

/** Runs a CLI entry point: usage errors print without a stack trace and exit 2. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(err.message);
        process.exit(2);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
