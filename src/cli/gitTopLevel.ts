// The git work tree a folder lies in, as git itself names it.
import { execFile } from 'node:child_process';

/** `git rev-parse --show-toplevel` run in `folder`; undefined outside a work tree or without git. */
export function gitTopLevel(folder: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: folder, windowsHide: true }, (error, stdout) => done(error ? undefined : stdout.trim()));
  });
}
