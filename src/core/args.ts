// Expansion of build arguments in one Dockerfile word, with BuildKit's semantics (moby/buildkit
// frontend/dockerfile/shell/lex.go): quotes are removed, the escape character escapes the next
// character, `$V`, `${V}`, `${V:-word}`, `${V-word}`, `${V:+word}`, `${V+word}` and `${V:?word}`
// are expanded. BuildKit's pattern forms (`#`, `%`, `/`) are reported, not expanded: a pin must
// never rest on a guess. No JavaScript library implements BuildKit's lexer, hence this file.

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

  /** Reads up to `stop` (consumed) or to the end when `stop` is undefined. */
  run(stop?: string): string {
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
    let modifier = op;
    if (op === ':') {
      const next = this.word[this.pos++];
      if (next === undefined) throw new ExpansionFailure("missing '}'");
      modifier += next;
    }
    if (!['-', ':-', '+', ':+', '?', ':?'].includes(modifier)) {
      throw new ExpansionFailure(`\${${name}${modifier}...} is a form docker-pin does not expand`);
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

// Markers stand in for values docker-pin must not guess. They survive being copied from one ARG
// default into another (`ARG B=x$A`), so a reference that depends on them is found however
// indirectly; NUL never appears in a valid reference, so they cannot be mistaken for text.
const MARK = '\u0000';
const PLATFORM_MARK = `${MARK}platform:`;
const UNSET_MARK = `${MARK}unset:`;

/** The ARGs BuildKit sets itself from the build's platforms (usable before the first FROM). */
export const PLATFORM_ARGS: readonly string[] = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
];

export function unsetMarker(name: string): string {
  return `${UNSET_MARK}${name}${MARK}`;
}

/** Names marked in an expanded value: platform ARGs used, and unset variables needed. */
export function markedNames(value: string): { platform: string[]; unset: string[] } {
  const platform: string[] = [];
  const unset: string[] = [];
  // Nearly every value carries no marker; skip the regular expression for those.
  if (!value.includes(MARK)) return { platform, unset };
  for (const match of value.matchAll(/\u0000(platform|unset):([^\u0000]*)\u0000/g)) {
    const list = match[1] === 'platform' ? platform : unset;
    if (!list.includes(match[2])) list.push(match[2]);
  }
  return { platform, unset };
}

/** One `NAME[=value]` of an ARG instruction, value as written (quotes and escapes intact). */
export interface ArgDeclaration {
  readonly name: string;
  readonly value?: string;
}

/**
 * The environment of the ARGs declared before the first FROM. Each default is expanded with the
 * ARGs before it, as BuildKit does; an ARG without a default is unset, and a default that needs an
 * unset variable carries its marker.
 */
export function globalArgEnvironment(declarations: readonly ArgDeclaration[], escape = '\\'): Map<string, string> {
  const env = new Map<string, string>(PLATFORM_ARGS.map((name) => [name, `${PLATFORM_MARK}${name}${MARK}`]));
  for (const { name, value } of declarations) {
    // BuildKit's own platform values win over a redeclaration.
    if (PLATFORM_ARGS.includes(name)) continue;
    if (value === undefined) {
      env.delete(name);
      continue;
    }
    const expansion = expandWord(value, env, { escape, unset: unsetMarker });
    env.set(name, expansion.error === undefined ? expansion.value : unsetMarker(name));
  }
  return env;
}
