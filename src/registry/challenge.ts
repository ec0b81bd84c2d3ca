// WWW-Authenticate parsing (RFC 7235 §4.1). A registry may send several challenges in one header
// and several headers; scheme and parameter names are case-insensitive, and quoted values may hold
// commas and backslash escapes, so a naive split on "," picks the wrong realm.

export interface Challenge {
  /** Lowercase scheme, e.g. `bearer` or `basic`. */
  readonly scheme: string;
  /** Parameters by lowercase name; values unquoted and unescaped. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/** Every challenge in the given header value(s), in order. Malformed parts are skipped, never thrown. */
export function parseChallenges(headers: string | readonly string[] | undefined): Challenge[] {
  if (headers === undefined) return [];
  const values = typeof headers === 'string' ? [headers] : headers;
  return values.flatMap(parseHeader);
}

function parseHeader(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  const scanner = new Scanner(text);
  while (!scanner.done()) {
    scanner.skip(/[\s,]/);
    const scheme = scanner.token();
    if (!scheme) {
      scanner.advance(); // a stray character: skip it rather than give up on the rest
      continue;
    }
    const params: Record<string, string> = {};
    challenges.push({ scheme: scheme.toLowerCase(), params });
    readParams(scanner, params);
  }
  return challenges;
}

/** Reads `name=value` pairs (or a token68) until the next scheme or the end. */
function readParams(scanner: Scanner, params: Record<string, string>): void {
  for (;;) {
    scanner.skip(/[\s,]/);
    const mark = scanner.pos;
    const name = scanner.token();
    if (!name) return;
    scanner.skip(/[ \t]/);
    if (scanner.peek() !== '=') {
      // A token not followed by "=" starts the next challenge.
      scanner.pos = mark;
      return;
    }
    scanner.advance();
    scanner.skip(/[ \t]/);
    if (scanner.peek() === '=' || scanner.peek() === ',' || scanner.done()) {
      // token68 (e.g. `Negotiate abc==`): nothing a registry client needs; skip its padding.
      scanner.skip(/=/);
      continue;
    }
    // Unquoted values should be tokens, but registries send bare URLs; read up to "," or space.
    const value = scanner.peek() === '"' ? scanner.quoted() : scanner.bare();
    params[name.toLowerCase()] = value;
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  advance(): void {
    this.pos++;
  }

  skip(chars: RegExp): void {
    while (!this.done() && chars.test(this.peek())) this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.done() && TOKEN_CHAR.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  bare(): string {
    const start = this.pos;
    while (!this.done() && !/[\s,]/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A quoted-string starting at the current `"`; an unterminated one runs to the end. */
  quoted(): string {
    let value = '';
    this.pos++;
    while (!this.done()) {
      const c = this.peek();
      this.pos++;
      if (c === '"') return value;
      if (c === '\\' && !this.done()) {
        value += this.peek();
        this.pos++;
      } else {
        value += c;
      }
    }
    return value;
  }
}

/** The challenge a registry client should answer: Bearer when offered, else Basic. */
export function preferredChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
