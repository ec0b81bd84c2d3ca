// Which references written as one ARG (`FROM ${BASE}`) take their pin in that ARG's default.
//
// `ARG BASE=python:3.12` … `FROM ${BASE}`: a digest written after `${BASE}` on the line would win
// over every later `--build-arg BASE=…`, silently. Written into the default instead
// (`ARG BASE=python:3.12@sha256:…`), one edit serves every use and an override replaces tag and
// digest together. That is only safe when the ARG serves as nothing but an image: every place the
// file names it is an image reference written as exactly that variable. A use anywhere else (a
// stage name, a `--platform`, a RUN command, a LABEL, another ARG's default, a value given to it
// inside a stage) would carry the digest there too, so such an ARG, and one whose default is built
// from other variables, leaves the pin on each line, with the reason.
import type { Dockerfile } from 'dockerfile-ast';
import { Arg } from 'dockerfile-ast';
import { expandWord, PLATFORM_ARGS, variableUse } from './args';
import { offsetAt, positionAt } from './text';
import type { ArgValue, ImageOccurrence, ScanOptions } from './types';

/**
 * `$NAME` or `${NAME}` and nothing else: the reference is the variable's whole value. Made on first
 * use: making and compiling a pattern of Unicode classes costs about a millisecond, which a file
 * with no reference starting with `$` need not pay.
 */
let soleVariablePattern: RegExp | undefined;

/** The ARG a reference is written as, when it is written as exactly one. */
export function soleVariable(text: string): string | undefined {
  if (!text.startsWith('$')) return undefined;
  soleVariablePattern ??= /^\$(?:\{([\p{L}_][\p{L}\p{Nd}_]*)\}|([\p{L}_][\p{L}\p{Nd}_]*))$/u;
  const match = soleVariablePattern.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}

type Verdict = { readonly value: Omit<ArgValue, 'platforms'> } | { readonly refused: string };

/**
 * `images` with `valueAt` (or `valueRefused`) set on every reference written as exactly one ARG.
 * Costs nothing for a file without such references.
 */
export function placeArgValues(
  dockerfile: Dockerfile,
  text: string,
  starts: readonly number[],
  images: readonly ImageOccurrence[],
  options: ScanOptions,
): ImageOccurrence[] {
  const names = images.map((occurrence) => soleVariable(occurrence.text));
  const wanted = new Set(names.filter((name): name is string => name !== undefined && !PLATFORM_ARGS.includes(name)));
  if (wanted.size === 0) return [...images];
  const members = new Map<string, ImageOccurrence[]>();
  images.forEach((occurrence, i) => {
    const name = names[i];
    if (name === undefined || !wanted.has(name)) return;
    const list = members.get(name);
    if (list === undefined) members.set(name, [occurrence]);
    else list.push(occurrence);
  });
  const placed = new Map<string, Pick<ImageOccurrence, 'valueAt' | 'valueRefused'>>();
  for (const [name, uses] of members) {
    let found: Verdict;
    try {
      found = verdict(name, uses, new Where(dockerfile, text, starts), options);
    } catch (e) {
      // A parser surprise must not hide the images: their pins then go on the line, saying why.
      found = { refused: `the ARGs of this file could not be read (${e instanceof Error ? e.message : String(e)})` };
    }
    placed.set(name, 'refused' in found ? { valueRefused: found.refused } : { valueAt: { ...found.value, platforms: uses.map((use) => use.platform) } });
  }
  return images.map((occurrence, i) => {
    const place = placed.get(names[i] ?? '');
    return place === undefined ? occurrence : { ...occurrence, ...place };
  });
}

function verdict(name: string, members: readonly ImageOccurrence[], where: Where, options: ScanOptions): Verdict {
  if (options.buildArgs?.has(name)) return { refused: `${name} is given ${options.buildArgsGiven ?? 'with --build-arg'}, so there is no default to pin in` };
  const declarations = where.globalDeclarations(name);
  if (declarations.length !== 1) return { refused: `${name} is declared ${declarations.length} times before the first FROM` };
  const declared = declarations[0];
  if (declared.value === undefined) return { refused: `${name} has no default` };
  const { text, range, written } = declared.value;
  if (text.includes('$')) return { refused: `the default of ${name} is built from other variables` };
  if (text !== written || text.includes(where.escape) || range.start.line !== range.end.line) {
    return { refused: `the default of ${name} is written with escapes or over several lines` };
  }
  const expanded = expandWord(text, new Map(), { escape: where.escape });
  if (expanded.error !== undefined || members.some((member) => member.expanded !== expanded.value)) {
    return { refused: `the default of ${name} is not the value these lines are built from` };
  }
  const elsewhere = where.otherUse(name, members);
  if (elsewhere !== undefined) return { refused: `${name} is also used on line ${elsewhere}, so its default cannot take the pin` };
  const redeclared = where.stageValue(name);
  if (redeclared !== undefined) return { refused: `${name} is given another value on line ${redeclared}, so its default cannot take the pin` };
  return { value: { name, text, range } };
}

interface Declaration {
  /** `text` is the document's, `written` dockerfile-ast's (without continuations); they differ when the value is continued. */
  readonly value?: { readonly text: string; readonly written: string; readonly range: ImageOccurrence['range'] };
}

/** Looks up where a name is declared and used, over the parsed file. */
class Where {
  readonly escape: string;
  private readonly firstFrom: number;

  constructor(
    private readonly dockerfile: Dockerfile,
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {
    this.escape = dockerfile.getEscapeCharacter();
    const from = dockerfile.getFROMs()[0];
    this.firstFrom = from === undefined ? Infinity : from.getRange().start.line;
  }

  /** Every `NAME[=value]` of the ARGs before the first FROM, value as written in the document. */
  globalDeclarations(name: string): Declaration[] {
    return this.dockerfile.getInitialARGs().flatMap((arg) =>
      arg.getPropertyArguments().flatMap((word): Declaration[] => {
        const written = word.getValue();
        const eq = written.indexOf('=');
        if ((eq < 0 ? written : written.slice(0, eq)) !== name) return [];
        if (eq < 0) return [{}];
        const range = word.getRange();
        const start = offsetAt(this.text, range.start, this.starts) + eq + 1;
        const end = offsetAt(this.text, range.end, this.starts);
        const value = {
          text: this.text.slice(start, end),
          written: written.slice(eq + 1),
          range: { start: positionAt(this.text, start, this.starts), end: range.end },
        };
        return [{ value }];
      }),
    );
  }

  /**
   * The one-based line of a `$NAME`/`${NAME…}` anywhere in an instruction (heredoc bodies, quoted
   * and escaped text included: counting too much only leaves a pin on the line) outside the
   * references written as exactly that variable.
   */
  otherUse(name: string, members: readonly ImageOccurrence[]): number | undefined {
    const own = new Set(members.map((member) => offsetAt(this.text, member.range.start, this.starts)));
    const use = variableUse(name, 'gu');
    for (const instruction of this.dockerfile.getInstructions()) {
      const range = instruction.getRange();
      const start = offsetAt(this.text, range.start, this.starts);
      const body = this.text.slice(start, offsetAt(this.text, range.end, this.starts));
      for (const match of body.matchAll(use)) {
        const at = start + (match.index ?? 0);
        if (!own.has(at)) return positionAt(this.text, at, this.starts).line + 1;
      }
    }
    return undefined;
  }

  /**
   * The one-based line of an `ARG NAME=value` inside a stage: that stage's commands would see
   * another value. A bare `ARG NAME` only brings the default into the stage (`COPY --from=$NAME`
   * needs it).
   */
  stageValue(name: string): number | undefined {
    for (const instruction of this.dockerfile.getInstructions()) {
      if (!(instruction instanceof Arg) || instruction.getRange().start.line < this.firstFrom) continue;
      const given = instruction.getPropertyArguments().some((word) => word.getValue().startsWith(`${name}=`));
      if (given) return instruction.getRange().start.line + 1;
    }
    return undefined;
  }
}
