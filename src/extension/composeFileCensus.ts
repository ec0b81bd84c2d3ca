// Which of the workspace's files are compose files, GitLab CI files, or files of another kind that
// build a Dockerfile (mayBuild.ts: a workflow's docker/build-push-action step, container build command or use of an
// action of the repository, a GoReleaser config's docker builds, an action, a dev container's `build`, a Bake file's
// targets, a Makefile's recipes, a shell script's commands, a Skaffold config's artifacts), and whether any of them names
// another file (an include, an `extends` from another file, a build; a GitLab `include:`): what the
// include index needs before it puts the workspace together. Each file's answer is kept with the
// size and modification time it was read at, so a later build reads only the files that changed on
// disk since (a workspace with thousands of YAML files is not read again on every `.env` save). A
// file open in an editor is read from there each time, as the engine's assembly reads it.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { FileKind } from '../core/types';
import { isComposeOverrideName } from '../engine/composeOverride';
import { mayBuild, mayRunBuild } from '../engine/mayBuild';
import { workspaceFileKind } from './workspaceFiles';
import { workspaceFileAccess } from './workspaceFileAccess';

/** Workspace files read (or looked at) at once. */
const READS_AT_ONCE = 16;

/** A compose file with a top-level `include:`: the assembly may find an included file. */
const INCLUDES = /^["']?include["']?[ \t]*:/m;
/** A service's `extends` and a `file:` key (of it, or anywhere): the assembly may find an extended file. */
const EXTENDS = /^[ \t]+["']?extends["']?[ \t]*:/m;
const FILE_KEY = /["']?file["']?[ \t]*:/;
/** A service's `build`: the assembly may find a Dockerfile. */
const BUILDS = /^[ \t]+["']?build["']?[ \t]*:/m;

/** Whether a compose file's text may name another file the assembly reads with its variables. */
function namesFiles(text: string): boolean {
  return INCLUDES.test(text) || (EXTENDS.test(text) && FILE_KEY.test(text)) || BUILDS.test(text);
}

/** What one read of a file said, and the file as it was on disk then (`version`: size and modification time). */
interface Learned {
  readonly version: string;
  readonly compose: boolean;
  /** A GitLab CI file by its name (a file it includes may have any name: the assembly follows the include). */
  readonly gitlab: boolean;
  /** The kind of a file of another kind than compose and GitLab CI that may build a Dockerfile (`mayBuild`). */
  readonly builder?: FileKind;
  readonly links: boolean;
}

export interface Census {
  /** The compose files among the files asked about, in the order asked. */
  readonly composeFiles: readonly vscode.Uri[];
  /** The GitLab CI files among them, in the order asked. */
  readonly gitlabFiles: readonly vscode.Uri[];
  /** The files among them of another kind that may build a Dockerfile, with their kinds, in the order asked. */
  readonly builderFiles: readonly { readonly uri: vscode.Uri; readonly kind: FileKind }[];
  /** Whether one of them may include, extend from or build another file. */
  readonly links: boolean;
  /** How many files were read from disk for this census (the others had not changed since the last; open files are read from their editors). */
  readonly read: number;
}

export class ComposeFileCensus {
  private learned = new Map<string, Learned>();

  /** What `files` are, each read only when it changed on disk since the last census (or is open). */
  async of(files: readonly vscode.Uri[]): Promise<Census> {
    const open = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath));
    const answers: (Learned | undefined)[] = new Array(files.length);
    const learned = new Map<string, Learned>();
    let read = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let at = next++; at < files.length; at = next++) {
        const path = files[at].fsPath;
        // Before the read: a file written meanwhile keeps the older version and is read again next time.
        const version = open.has(path) ? undefined : await stat(path, { bigint: true }).then((s) => `${s.size}:${s.mtimeNs}`, () => undefined);
        const known = version === undefined ? undefined : this.learned.get(path);
        if (known !== undefined && known.version === version) {
          answers[at] = known;
          learned.set(path, known);
          continue;
        }
        if (version !== undefined) read++;
        // Unreadable: its own reading says so.
        const text = await workspaceFileAccess.readText(path).catch(() => undefined);
        if (text === undefined) continue;
        const kind = workspaceFileKind(files[at].path, text);
        const compose = kind === 'compose';
        const gitlab = kind === 'gitlab-ci';
        const builder = mayBuild(kind, text) ? kind : undefined;
        // A GitLab file's local includes put a pipeline together, whose variables reach each of its files.
        // An override file (compose.override.yaml) is merged with its folder's main compose file.
        const override = compose && isComposeOverrideName(basename(files[at].path));
        const answer: Learned = {
          version: version ?? '',
          compose,
          gitlab,
          ...(builder === undefined ? {} : { builder }),
          // A GitLab CI file's local includes put a pipeline together; its jobs' scripts may build Dockerfiles.
          links: (compose && (namesFiles(text) || override)) || (gitlab && (INCLUDES.test(text) || mayRunBuild(text))) || builder !== undefined,
        };
        answers[at] = answer;
        if (version !== undefined) learned.set(path, answer);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, files.length) }, worker));
    // Files gone from the workspace are forgotten.
    this.learned = learned;
    return {
      composeFiles: files.filter((_, at) => answers[at]?.compose === true),
      gitlabFiles: files.filter((_, at) => answers[at]?.gitlab === true),
      builderFiles: files.flatMap((uri, at) => {
        const kind = answers[at]?.builder;
        return kind === undefined ? [] : [{ uri, kind }];
      }),
      links: answers.some((answer) => answer?.links === true),
      read,
    };
  }
}
