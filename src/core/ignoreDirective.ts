// The words of an ignore comment: `docker-pin: ignore`, optionally with a reason after a colon
// (`docker-pin: ignore: vendored base, updated by hand`), and ratchet's `ratchet:exclude`, read from
// a comment's text without its marker (`#`, `//`, `/* */`). A comment that starts like a docker-pin
// directive but is none (`docker-pin: ignor`) is reported, so a typo never silently pins a line.

export type IgnoreDirective =
  /** The comment ignores what it stands for; `reason` is the text after `ignore:`, when written. */
  | { readonly ignore: true; readonly form: 'docker-pin' | 'ratchet'; readonly reason?: string }
  /** The comment looks meant for docker-pin but says nothing it knows: `message` says what to write. */
  | { readonly ignore: false; readonly message: string };

const IGNORE = /^docker-pin\s*:\s*ignore\s*(?::\s*(.*?))?\s*$/i;
/** ratchet's own spelling, as ratchet matches it. */
const RATCHET = /^ratchet:exclude\s*$/;
/** What a docker-pin directive starts with: `docker-pin:`, or `docker-pin ignore` without its colon. */
const MEANT = /^docker-pin\s*(?::|ignore\b)/i;

/** What `content` (a comment's text, marker and surrounding blanks removed) says to docker-pin; undefined for any other comment. */
export function readIgnoreDirective(content: string): IgnoreDirective | undefined {
  const text = content.trim();
  const ignore = IGNORE.exec(text);
  if (ignore !== null) {
    const reason = ignore[1];
    return reason === undefined || reason === '' ? { ignore: true, form: 'docker-pin' } : { ignore: true, form: 'docker-pin', reason };
  }
  if (RATCHET.test(text)) return { ignore: true, form: 'ratchet' };
  if (MEANT.test(text)) {
    return {
      ignore: false,
      message: `unknown docker-pin directive "${text}": the only one is "docker-pin: ignore", optionally with a reason after a colon ("docker-pin: ignore: why"); the image it stands for is read as usual`,
    };
  }
  return undefined;
}

/** The reason an occurrence carries for an ignore comment on one-based `line` (of `file`, when not the scanned one). */
export function ignoreReason(directive: Extract<IgnoreDirective, { ignore: true }>, line: number, file?: string): string {
  const what = directive.form === 'ratchet' ? 'ratchet:exclude comment' : 'ignore comment';
  const where = `${what} on line ${line}${file === undefined ? '' : ` of ${file}`}`;
  return directive.reason === undefined ? where : `${where}: ${directive.reason}`;
}

/** A cheap test before any comment is looked for: most files hold no directive at all. */
export function mayHoldDirectives(text: string): boolean {
  return /docker-pin|ratchet:exclude/i.test(text);
}
