// Expansion of build arguments in one Dockerfile word, with BuildKit's semantics (moby/buildkit
// frontend/dockerfile/shell/lex.go): quotes are removed, the escape character escapes the next
// character, `$V`, `${V}`, `${V:-word}`, `${V-word}`, `${V:+word}`, `${V+word}` and `${V:?word}`
// are expanded; a dev container template's `${templateOption:id}` is a value not yet written (unset).
// So are the pattern forms of Dockerfile syntax 1.7 (`${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`,
// `${V/p/r}`, `${V//p/r}`), with BuildKit's patterns (`*`, `?`, `\`; no brackets,
// shellPattern.ts). No JavaScript library implements BuildKit's lexer, hence this file.
// The global scope FROM lines see (BuildKit's platform args, ARG defaults, build args) is built here too.
import { formatPlatform, hostPlatform } from './platform';
import { replacePattern, ShellPatternError, trimPrefix, trimSuffix } from './shellPattern';
import type { Platform, ScanOptions } from './types';

/** Values of the ARGs in scope. A name absent from the map is unset. */
export type ArgEnvironment = ReadonlyMap<string, string>;

export interface ExpandOptions {
  /** The escape character of the Dockerfile (`# escape=`). */
  readonly escape?: string;
  /** What an unset variable whose value is needed becomes; BuildKit uses "". */
  readonly unset?: (name: string) => string;
}

export interface Expansion {
  /** The word after expansion and quote removal. */
  readonly value: string;
  /** Every variable name the word refers to, in order of first use. */
  readonly variables: readonly string[];
  /** Variables whose value was needed but which are unset. */
  readonly unresolved: readonly string[];
  /** Set when the word cannot be expanded: a syntax error or an unsupported form. */
  readonly error?: string;
}

/** How an unset `${templateOption:id}` is named among the unresolved variables. */
export const TEMPLATE_OPTION = 'templateOption:';

/** Signals a word that cannot be expanded; caught in `expandWord`. */
class ExpansionFailure extends Error {}

class WordLexer {
  private pos = 0;
  readonly variables: string[] = [];
  readonly unresolved: string[] = [];

  constructor(
    private readonly word: string,
    private readonly env: ArgEnvironment,
    private readonly escape: string,
    private readonly unset: (name: string) => string,
  ) {}

  /**
   * Reads up to `stop` (consumed) or to the end when `stop` is undefined. `raw`: an escape
   * character is kept with the character it escapes (a pattern's words, which the pattern reads).
   */
  run(stop?: string, raw = false): string {
    let result = '';
    while (this.pos < this.word.length) {
      const ch = this.word[this.pos];
      if (stop !== undefined && ch === stop) {
        this.pos++;
        return result;
      }
      if (ch === '$') result += this.dollar();
      else if (ch === "'") result += this.singleQuoted();
      else if (ch === '"') result += this.doubleQuoted();
      else if (ch === this.escape) {
        // The escape character keeps the next character literal; at the end it vanishes.
        this.pos += 2;
        if (raw && this.pos - 1 < this.word.length) result += ch;
        result += this.word[this.pos - 1] ?? '';
      } else {
        result += ch;
        this.pos++;
      }
    }
    if (stop !== undefined) throw new ExpansionFailure(`missing '${stop}'`);
    return result;
  }

  private singleQuoted(): string {
    const end = this.word.indexOf("'", this.pos + 1);
    if (end < 0) throw new ExpansionFailure('missing closing single quote');
    const text = this.word.slice(this.pos + 1, end);
    this.pos = end + 1;
    return text;
  }

  private doubleQuoted(): string {
    let result = '';
    this.pos++;
    while (this.pos < this.word.length) {
      const ch = this.word[this.pos];
      if (ch === '"') {
        this.pos++;
        return result;
      }
      if (ch === '$') {
        result += this.dollar();
        continue;
      }
      this.pos++;
      if (ch === this.escape) {
        const next = this.word[this.pos];
        if (next === undefined) continue;
        // Inside double quotes only these are escapable; any other escape stays as written.
        if (next === '"' || next === '$' || next === this.escape) {
          result += next;
          this.pos++;
          continue;
        }
      }
      result += ch;
    }
    throw new ExpansionFailure('missing closing double quote');
  }

  private dollar(): string {
    this.pos++;
    if (this.word[this.pos] !== '{') {
      const name = this.name();
      return name === '' ? '$' : this.lookUp(name);
    }
    this.pos++;
    const first = this.word[this.pos];
    if (first === undefined) throw new ExpansionFailure("missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new ExpansionFailure('bad substitution');
    const name = this.name();
    const op = this.word[this.pos++];
    if (op === undefined) throw new ExpansionFailure("missing '}'");
    if (op === '}') return this.lookUp(name);
    if (op === ':' && name === 'templateOption') {
      // A dev container template's `${templateOption:id}`: the template tool writes its value into
      // the file when the template is applied; until then the word has no value to expand.
      const option = /^([\w.-]+)\}/.exec(this.word.slice(this.pos));
      if (option !== null) {
        this.pos += option[0].length;
        return this.missing(`${TEMPLATE_OPTION}${option[1]}`);
      }
    }
    if (op === '#' || op === '%') return this.trimmed(name, op);
    if (op === '/') return this.replaced(name);
    let modifier = op;
    if (op === ':') {
      const next = this.word[this.pos++];
      if (next === undefined) throw new ExpansionFailure("missing '}'");
      modifier += next;
    }
    if (!['-', ':-', '+', ':+', '?', ':?'].includes(modifier)) {
      throw new ExpansionFailure(`\${${name}${modifier}...}: unsupported modifier (${modifier}) in substitution, as BuildKit says too`);
    }
    const alternative = this.run('}');
    this.record(name);
    const value = this.env.get(name);
    const empty = value === undefined || (modifier.startsWith(':') && value === '');
    switch (modifier.slice(-1)) {
      case '-':
        return empty ? alternative : (value ?? '');
      case '+':
        return empty ? '' : alternative;
      default: // '?': BuildKit fails the build when the variable is unset (or empty with ':').
        return empty ? this.missing(name) : (value ?? '');
    }
  }

  /** `${V#p}`, `${V##p}` (`op` '#'), `${V%p}`, `${V%%p}` ('%'): the shortest (doubled: longest) match of the pattern taken off its start or end. */
  private trimmed(name: string, op: '#' | '%'): string {
    let pattern = this.run('}', true);
    const greedy = pattern.startsWith(op);
    if (greedy) pattern = pattern.slice(1);
    return this.withValue(name, pattern, (value) => (op === '#' ? trimPrefix(value, pattern, greedy) : trimSuffix(value, pattern, greedy)));
  }

  /** `${V/p/r}`: the first (`${V//p/r}`: every) longest match of the pattern replaced. */
  private replaced(name: string): string {
    const all = this.word[this.pos] === '/';
    if (all) this.pos++;
    const pattern = this.run('/', true);
    const replacement = this.run('}', true);
    return this.withValue(name, pattern, (value) => replacePattern(value, pattern, replacement, all));
  }

  /**
   * `change` applied to the variable's value. An unset variable is one whose value is needed; a value
   * holding another's that has none stays as it is, so the word is still seen to have none.
   */
  private withValue(name: string, pattern: string, change: (value: string) => string): string {
    this.record(name);
    const value = this.env.get(name);
    if (value === undefined) return this.missing(name);
    if (value.includes(MARK)) return value;
    try {
      return change(value);
    } catch (error) {
      if (error instanceof ShellPatternError) throw new ExpansionFailure(`invalid pattern (${pattern}) in substitution: ${error.message}`);
      throw error;
    }
  }

  /** A variable name; digits or one special parameter character, as the shell reads them. */
  private name(): string {
    const rest = this.word.slice(this.pos);
    const match = /^(?:\d+|[@*#?\-$!]|[\p{L}\p{Nd}_]+)/u.exec(rest);
    const name = match ? match[0] : '';
    this.pos += name.length;
    return name;
  }

  private lookUp(name: string): string {
    this.record(name);
    return this.env.get(name) ?? this.missing(name);
  }

  private missing(name: string): string {
    if (!this.unresolved.includes(name)) this.unresolved.push(name);
    return this.unset(name);
  }

  private record(name: string): void {
    if (!this.variables.includes(name)) this.variables.push(name);
  }
}

/** Expands `word` with `env`; never throws. */
export function expandWord(word: string, env: ArgEnvironment, options: ExpandOptions = {}): Expansion {
  const lexer = new WordLexer(word, env, options.escape ?? '\\', options.unset ?? (() => ''));
  try {
    const value = lexer.run();
    return { value, variables: lexer.variables, unresolved: lexer.unresolved };
  } catch (e) {
    if (!(e instanceof ExpansionFailure)) throw e;
    return { value: word, variables: lexer.variables, unresolved: lexer.unresolved, error: e.message };
  }
}

// A marker stands in for the value of a variable that has none: docker-pin must not guess it. It
// survives being copied from one ARG default into another (`ARG B=x$A`), so a reference that
// depends on it is found however indirectly; NUL never appears in a valid reference, so it cannot
// be mistaken for text.
const MARK = '\u0000';
const UNSET_MARK = `${MARK}unset:`;

/**
 * The ARGs BuildKit defines itself in the global scope, from the build's platforms, without any
 * `ARG` line (frontend/dockerfile/dockerfile2llb/platform.go, `defaultArgs`).
 */
export const PLATFORM_ARGS: readonly string[] = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDOSVERSION', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETOSVERSION', 'TARGETARCH', 'TARGETVARIANT',
];

/** A use of variable `name` in text: `$NAME` or `${NAME…}`, not the start of a longer name. */
export function variableUse(name: string, flags = 'u'): RegExp {
  return new RegExp(`\\$\\{?${name}(?![\\p{L}\\p{Nd}_])`, flags);
}

/**
 * BuildKit's values of PLATFORM_ARGS for a build targeting `target` on `build` (both normalized):
 * `TARGETPLATFORM` is containerd's `FormatAll` (with the OS version, `windows(10.0.20348)/amd64`),
 * `BUILDPLATFORM` its `Format` (without); a missing variant or OS version is the empty string.
 */
export function platformArgValues(target: Platform, build: Platform): Map<string, string> {
  return new Map([
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDOSVERSION', build.osVersion ?? ''],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant ?? ''],
    ['TARGETPLATFORM', formatPlatformAll(target)],
    ['TARGETOS', target.os],
    ['TARGETOSVERSION', target.osVersion ?? ''],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant ?? ''],
  ]);
}

function formatPlatformAll(p: Platform): string {
  return p.osVersion ? formatPlatform({ ...p, os: `${p.os}(${p.osVersion})` }) : formatPlatform(p);
}

export function unsetMarker(name: string): string {
  return `${UNSET_MARK}${name}${MARK}`;
}

/** The variables without a value that an expanded value needed, in order of first use. */
export function unsetNames(value: string): string[] {
  const names: string[] = [];
  // Nearly every value carries no marker; skip the regular expression for those.
  if (!value.includes(MARK)) return names;
  for (const match of value.matchAll(/\u0000unset:([^\u0000]*)\u0000/g)) {
    if (!names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/** One `NAME[=value]` of an ARG instruction, value as written (quotes and escapes intact). */
export interface ArgDeclaration {
  readonly name: string;
  readonly value?: string;
}

/** What the build knows before the first FROM, besides the file: its platforms and `--build-arg`s. */
export interface BuildValues {
  readonly target: Platform;
  readonly build: Platform;
  readonly buildArgs?: ReadonlyMap<string, string>;
}

/** A scan's options with BuildKit's defaults filled in: the target is this machine's platform, the build platform the target. */
export function buildValues(options: ScanOptions): BuildValues {
  const target = options.platform ?? hostPlatform();
  return { target, build: options.buildPlatform ?? target, buildArgs: options.buildArgs };
}

/** The global scope: what a FROM line (and docker-pin's COPY --from/RUN --mount=from=) sees. */
export interface GlobalScope {
  /** Values of the ARGs that have one. A name absent from it expands to its unset marker. */
  readonly env: ReadonlyMap<string, string>;
  /** Names declared by an `ARG` before the first FROM, with or without a value. */
  readonly declared: ReadonlySet<string>;
  /** ARGs whose default cannot be expanded, with the reason; their value is their unset marker. */
  readonly broken: ReadonlyMap<string, string>;
  /** Names whose value is, or is built from, one of BuildKit's platform args. */
  readonly platformBound: ReadonlySet<string>;
}

/**
 * The global scope as BuildKit builds it (dockerfile2llb `defaultArgs` then `buildMetaArgs`):
 * first the platform args, each replaced by a build arg of its name if one is given; then every
 * `ARG` before the first FROM in order: a build arg of its name wins, else its default expanded
 * with what came before, else (no default) it keeps the value it had — the platform value for
 * `ARG TARGETARCH`, nothing for a new name. A build arg for a name never declared reaches no FROM.
 */
export function globalScope(declarations: readonly ArgDeclaration[], build: BuildValues, escape = '\\'): GlobalScope {
  const given = build.buildArgs ?? new Map<string, string>();
  const env = platformArgValues(build.target, build.build);
  for (const name of PLATFORM_ARGS) {
    const value = given.get(name);
    if (value !== undefined) env.set(name, value);
  }
  const declared = new Set<string>();
  const broken = new Map<string, string>();
  const platformBound = new Set(PLATFORM_ARGS);
  for (const { name, value } of declarations) {
    declared.add(name);
    const override = given.get(name);
    if (override !== undefined) {
      env.set(name, override);
      broken.delete(name);
      platformBound.delete(name);
    } else if (value !== undefined) {
      const expansion = expandWord(value, env, { escape, unset: unsetMarker });
      if (expansion.error === undefined) {
        env.set(name, expansion.value);
        broken.delete(name);
      } else {
        env.set(name, unsetMarker(name));
        broken.set(name, expansion.error);
      }
      if (expansion.variables.some((v) => platformBound.has(v))) platformBound.add(name);
      else platformBound.delete(name);
    }
  }
  return { env, declared, broken, platformBound };
}

/**
 * An image reference given outside a Dockerfile (`docker-pin resolve 'busybox-${TARGETARCH}'`),
 * expanded as a FROM line would see it in a file that declares every given build arg: BuildKit's
 * platform args and the build args have values; any other variable has none (`unset`).
 */
export function expandGivenReference(text: string, options: ScanOptions): { value: string } | { error: string } | { unset: string[] } {
  const declarations = [...(options.buildArgs?.keys() ?? [])].map((name) => ({ name }));
  const expansion = expandWord(text, globalScope(declarations, buildValues(options)).env, { unset: unsetMarker });
  if (expansion.error !== undefined) return { error: expansion.error };
  const unset = unsetNames(expansion.value);
  return unset.length > 0 ? { unset } : { value: expansion.value };
}
