// The patterns of a Dockerfile's `${V#p}`, `${V%p}` and `${V/p/r}` (Dockerfile syntax 1.7), as
// BuildKit reads them (moby/buildkit frontend/dockerfile/shell/lex.go, convertShellPatternToRegex):
// `*` any run of characters (the shortest, or the longest for `##`, `%%` and `/`), `?` one
// character, `\` before `*`, `?` or `\` a literal one, before `}` or `/` nothing (those are escaped
// only to end no word early); no bracket expressions. Another escape is an error, as there.

/** A pattern BuildKit refuses: the build fails with it. */
export class ShellPatternError extends Error {}

/** Characters a pattern matches literally that a regular expression reads otherwise. */
const REGEX_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

function patternRegex(pattern: string, greedy: boolean, anchored: boolean, flags = 'u'): RegExp {
  let out = anchored ? '^' : '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    // Go's `.`: any character but a newline.
    if (ch === '*') out += greedy ? '[^\n]*' : '[^\n]*?';
    else if (ch === '?') out += '[^\n]';
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') throw new ShellPatternError(`invalid escape '\\${next ?? ''}'`);
      out += `\\${next}`;
      i++;
    } else out += REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(out, flags);
}

/** `value` without the shortest (`greedy`: longest) start the pattern matches. */
export function trimPrefix(value: string, pattern: string, greedy: boolean): string {
  const match = patternRegex(pattern, greedy, true).exec(value);
  return match === null ? value : value.slice(match[0].length);
}

/** `value` without the shortest (`greedy`: longest) end the pattern matches: the start of both reversed. */
export function trimSuffix(value: string, pattern: string, greedy: boolean): string {
  return reversed(trimPrefix(reversed(value), reversedPattern(pattern), greedy));
}

/** `value` with the first (`all`: every) longest match of the pattern replaced by `replacement`, as written. */
export function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  const regex = patternRegex(pattern, true, false, all ? 'gu' : 'u');
  return value.replace(regex, () => replacement);
}

function reversed(text: string): string {
  return [...text].reverse().join('');
}

/** The pattern reversed, an escape kept before the character it escapes (`a\*c` → `c\*a`). */
function reversedPattern(pattern: string): string {
  const chars = [...pattern];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i < chars.length - 1) {
      out.unshift(chars[i], chars[i + 1]);
      i++;
    } else out.unshift(chars[i]);
  }
  return out.join('');
}
