// A Dockerfile line whose image a compose build gives whole in its args (`FROM ${BASE_IMAGE}`,
// `args: BASE_IMAGE: …`): its lens and quick fix pin (or update) the digest where the value is
// written — the compose file's arg or the `.env` line it reads — as `pin --update` of the compose
// file does, never on the line, where a digest would win over every value the build gives. What
// they say and run, as plain data (no `vscode`).
import type { ImageOccurrence } from '../core/types';
import { GONE } from '../engine/messages';
import type { ImageStatus } from '../engine/types';
import { Commands } from './commandIds';

/** Where the pin of a line a build gives its image in an arg goes. */
export interface ArgPinTarget {
  /** The build arg (`BASE_IMAGE`). */
  readonly arg: string;
  /** Where its value is written, as the user is shown it: `compose.yaml (line 6)`, `.env (line 1)`, `compose.a.yaml and compose.b.yaml`. */
  readonly where: string;
  /** The builds giving it: `service app in compose.yaml`. */
  readonly by: readonly string[];
}

export interface ArgPinCommand {
  readonly title: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
  readonly tooltip: string;
}

/** One place a value is written: its file as shown to the user, and its zero-based line. */
export interface ArgValueShown {
  readonly name: string;
  readonly line: number;
}

/** The places of a value, in words: `compose.yaml (line 6)` for one, the files alone for several. */
export function argPinWhere(places: readonly ArgValueShown[]): string {
  if (places.length === 1) return `${places[0].name} (line ${places[0].line + 1})`;
  const names = [...new Set(places.map((place) => place.name))];
  return names.length === 1 ? `${names[0]} (lines ${places.map((place) => place.line + 1).join(', ')})` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a lens of an arg's pin runs. */
interface ArgPinRun {
  readonly command: string;
  readonly arguments: readonly unknown[];
}

/**
 * The one lens (and quick fix) of a line whose pin goes where a build gives its value: pin an
 * unpinned one, update a stale one or one whose manifest is gone (with the tag's digest), each run
 * by `dockerPin.pinBuildArg`. Undefined for other states (current, an error, …): the line's usual lens says those.
 */
export function argPinCommand(status: ImageStatus, target: ArgPinTarget, doc: { readonly uri: string; readonly version: number }): ArgPinCommand | undefined {
  const why = `the build arg ${target.arg} that ${target.by.join(' and ')} gives, where the build reads it; a digest on this line would win over every value the build gives`;
  const run = { command: Commands.pinBuildArg, arguments: [doc.uri, doc.version, { ...status.occurrence.range.start }] };
  return argPinLens(status, `${target.arg} in ${target.where}`, `write the pin of ${target.arg} in ${target.where} by hand`, why, run);
}

/** A compose build arg that gives a Dockerfile line its image whole: the arg, the build, and that line (zero-based) as shown. */
export interface ArgValueTarget {
  readonly arg: string;
  readonly by: string;
  /** The Dockerfile as the user is shown it, and its path. */
  readonly dockerfile: string;
  readonly path: string;
  readonly line: number;
}

/**
 * The lens on a compose file's build arg whose value gives a Dockerfile line its image: pin, update,
 * or the manifest gone, run by `dockerPin.pinBuildArgValue` for that line; undefined for other
 * states (current, an error, …), which the line's usual lens says.
 */
export function argValueCommand(status: ImageStatus, target: ArgValueTarget, doc: { readonly uri: string; readonly version: number }): ArgPinCommand | undefined {
  const line = `${target.dockerfile} line ${target.line + 1}`;
  const why = `${target.arg} here, the image ${target.by} gives ${line}`;
  const run = { command: Commands.pinBuildArgValue, arguments: [doc.uri, doc.version, target.path, target.line] };
  return argPinLens(status, `${target.arg} (${line})`, `write the pin of ${target.arg} here by hand`, why, run);
}

function argPinLens(status: ImageStatus, label: string, byHand: string, why: string, run: ArgPinRun): ArgPinCommand | undefined {
  const digest = status.targetDigest;
  if (status.state === 'gone' && digest === undefined) {
    return { title: `⚠ Pinned manifest gone · ${label}`, command: Commands.showLog, arguments: [], tooltip: `${GONE}, so the platform it was made for is unknown: ${byHand}.` };
  }
  if (digest === undefined) return undefined;
  switch (status.state) {
    case 'unpinned':
      return { title: `Pin ${label}`, ...run, tooltip: `Writes ${digest} into ${why}.` };
    case 'stale':
      return { title: `Update pin (tag moved) · ${label}`, ...run, tooltip: `The tag now points to ${digest}: replaces the digest in ${why}.` };
    case 'gone':
      return { title: `⚠ Pinned manifest gone · Update pin · ${label}`, ...run, tooltip: `${GONE}; writes the tag's digest ${digest} into ${why}.` };
    default:
      return undefined;
  }
}

/** Whether a line has one lens before it is resolved: a line whose pin goes where a build gives its value has one. */
export function argPinLine(occurrence: ImageOccurrence): boolean {
  return occurrence.valueElsewhere !== undefined;
}
