// The Action's outputs, appended to the file the runner names in GITHUB_OUTPUT: `name=value`, and a
// value of several lines in the delimiter form (`name<<DELIMITER`, the lines, `DELIMITER`).
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export function setOutput(env: NodeJS.ProcessEnv, name: string, value: string): void {
  const file = env.GITHUB_OUTPUT;
  if (file === undefined || file === '') throw new Error('GITHUB_OUTPUT is not set: the Action runs in a GitHub Actions job');
  if (!/[\r\n]/.test(value)) {
    appendFileSync(file, `${name}=${value}\n`);
    return;
  }
  // A delimiter the value cannot hold, as actions/toolkit makes it.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}
