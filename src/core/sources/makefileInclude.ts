// GNU make's `include`, `-include` and `sinclude` directives, as the Makefile reader follows them
// (makefile.ts): the files a directive names (whitespace-separated, after make expands the line,
// each relative to the folder make runs in, the including Makefile's, unless absolute; a word with
// `*`, `?` or `[` a pattern make expands to the files it matches), and what is said at the
// directive when one of them cannot be read. The engine reads the files (engine/makefileIncludes.ts)
// and hands their texts over: this room reads no file system.
//
// What make does, and what is said here:
// - A file `include` names that does not exist stops make with an error (unless a rule of the
//   Makefile makes it): said, `unresolved`, at the directive. `-include` (and `sinclude`) reads on
//   without it, silently, as make does.
// - A name that only make knows (a variable the Makefile does not set for good, `$(shell …)`) is
//   never guessed: `include` says so at the directive. An optional include with such a name is
//   passed over: make reads on without it when it is missing, and such names are dependency
//   files and local overrides that name no build (`-include $(DEPS)`, `-include $(HOME)/.env.mk`).
// - A file outside the repository, or one that cannot be read, is said at the directive (for an
//   optional include too: make reads a file that is there).
// - A file the files being read include again (a cycle, which make follows until it fails) and
//   an include nested deeper than MAX_INCLUDE_DEPTH are said and not read.
import { posix } from 'node:path';

/** A file an include directive names, as the engine read it for the scan (`MakefileScanOptions.includes`). */
export type MakefileInclude =
  /** Read: its text, and its path as messages name it. */
  | { readonly text: string; readonly name: string }
  /** Not read: why, in a sentence's words (`does not exist`, `lies outside the repository (/repo)`); `missing` when there is no such file. */
  | { readonly unread: string; readonly missing?: true }
  /** A pattern's files, by path from the Makefile's folder (as `includeKey` spells them), in the order make reads them. */
  | { readonly matches: readonly string[] };

/** Deepest include followed: a file included through more files than this is not read. */
export const MAX_INCLUDE_DEPTH = 16;

/** A line that may be an include directive (`includeDirective` says), for a quick test of a whole text. */
export const INCLUDE_LINE = /^[ \t]*(?:-include|sinclude|include)[ \t]/m;

/** An include directive: whether it is optional (`-include`, `sinclude`), and its names as written (unexpanded). */
export function includeDirective(content: string): { readonly optional: boolean; readonly names: string } | undefined {
  const directive = /^(-include|sinclude|include)(?:[ \t]+(.*))?$/.exec(content);
  if (directive === null) return undefined;
  return { optional: directive[1] !== 'include', names: directive[2] ?? '' };
}

/** Whether an expanded include name is a pattern make matches against the files (`*`, `?`, `[…]`). */
export function isIncludePattern(name: string): boolean {
  return /[*?[]/.test(name);
}

/** The key a name is read under (`MakefileScanOptions.includes`): its path from the Makefile's folder, `/`-separated and normalized, or absolute. */
export function includeKey(name: string): string {
  return posix.normalize(name);
}

export const UNKNOWN_INCLUDE =
  "the name of a file this line includes is known only when make runs (a variable the Makefile does not set for good, a make function or a command's output): " +
  'what that file sets and the builds it describes cannot be read, and the recipes may be read with values it changes; write the name out, make it an optional -include if the file may be missing, or accept it with --allow-unresolved';

/** What is said of `name`, a file an include directive names that is not read (`why`: `does not exist`, …). */
export function unreadInclude(name: string, why: string, missing: boolean): string {
  return missing
    ? `this line includes ${name}, which ${why}: make stops here unless a rule of the Makefile makes it, and what that file would set and build cannot be read; ` +
        'create it, make the line an optional -include if the file may be missing, or accept it with --allow-unresolved'
    : `this line includes ${name}, which ${why}: what that file sets and the builds it describes cannot be read; make it readable within the repository, or accept it with --allow-unresolved`;
}

export function cyclicInclude(name: string): string {
  return `this line includes ${name}, which is being read already (it includes itself, directly or through the files it includes): make would read it again and again; it is read once, and this include is not followed`;
}

export function tooDeepInclude(name: string): string {
  return `this line includes ${name} through more than ${MAX_INCLUDE_DEPTH} files: it is not read, nor are the builds it describes; include it from a shallower file, or accept it with --allow-unresolved`;
}

export function notReadInclude(name: string): string {
  return `this line includes ${name}, which is not read: the Makefile includes more files than docker-pin reads for one Makefile; accept it with --allow-unresolved`;
}

/**
 * The paths among `paths` (`/`-separated) that `pattern` matches as make's `wildcard` (glob(3))
 * matches file names: `*` any characters but `/`, `?` one, `[…]` one of a set (`[!…]` or `[^…]`
 * none of it), a name starting with `.` only by a pattern naming the dot; sorted, as make sorts them.
 */
export function includePatternMatches(pattern: string, paths: readonly string[]): string[] {
  const segments = pattern.split('/').map(segmentExpression);
  return paths
    .filter((path) => {
      const names = path.split('/');
      return names.length === segments.length && names.every((name, at) => segments[at].test(name));
    })
    .sort();
}

function segmentExpression(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[' && segment.indexOf(']', i + 2) > 0) {
      const close = segment.indexOf(']', i + 2);
      const body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      out += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  // A leading dot is matched only when written.
  return new RegExp(segment.startsWith('.') ? `^${out}$` : `^(?!\\.)${out}$`);
}
