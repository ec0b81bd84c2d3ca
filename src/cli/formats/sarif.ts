// `check --format sarif`: a SARIF 2.1.0 log, as GitHub code scanning and other SARIF readers take
// it. One rule per kind of finding, one result per finding at its line and column; a current pin
// is no result, and a file that could not be read is a notification of the run, not a result.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CheckRecord, endColumnOf, FINDING_KINDS, findingMessage, findingOf } from './findings';

/** Paths are given relative to this base, the repository's root, as GitHub code scanning wants them. */
export const SOURCE_ROOT = '%SRCROOT%';

export interface SarifRun {
  /** Every record of the run, in output order. */
  readonly records: readonly CheckRecord[];
  /** The folder `%SRCROOT%` stands for: git's top level, else the current directory. */
  readonly root: string;
  /** Where relative file names are read from. */
  readonly cwd: string;
  /** docker-pin's version, and its page when it has one. */
  readonly version: string;
  readonly informationUri?: string;
}

/** The whole log: one run of docker-pin. */
export function sarifLog({ records, root, cwd, version, informationUri }: SarifRun): object {
  const rules = FINDING_KINDS.filter((kind) => kind.id !== 'unreadable');
  const results: object[] = [];
  const notifications: object[] = [];
  for (const record of records) {
    const { entry } = record;
    const location = locationOf(entry.file, root, cwd);
    if (entry.state === 'unreadable') {
      notifications.push({ level: 'error', message: { text: entry.message }, ...(location && { locations: [{ physicalLocation: location }] }) });
      continue;
    }
    const finding = findingOf(record);
    if (finding === undefined) continue;
    const ruleIndex = rules.indexOf(finding.kind);
    const endColumn = endColumnOf(entry);
    const region = entry.line === undefined ? undefined : { startLine: entry.line, startColumn: entry.column, ...(endColumn !== undefined && { endColumn }) };
    // Standard input is no file: its place is said in the message.
    const message = location === undefined ? `${entry.file}:${entry.line ?? 1}:${entry.column ?? 1}: ${findingMessage(entry)}` : findingMessage(entry);
    results.push({
      ruleId: finding.kind.id,
      ruleIndex,
      level: finding.level,
      message: { text: message },
      ...(location && { locations: [{ physicalLocation: { ...location, ...(region && { region }) } }] }),
    });
  }
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docker-pin',
            version,
            semanticVersion: version,
            ...(informationUri !== undefined && { informationUri }),
            rules: rules.map((kind) => ({
              id: kind.id,
              name: kind.name,
              shortDescription: { text: kind.title },
              fullDescription: { text: kind.description },
              help: { text: kind.help },
              defaultConfiguration: { level: kind.level },
            })),
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href } },
        // Columns count UTF-16 code units, as JavaScript strings (and VS Code) do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** A file as SARIF names it: relative to `%SRCROOT%` when inside it, else an absolute file URI. */
function locationOf(file: string, root: string, cwd: string): object | undefined {
  if (file === '<stdin>') return undefined;
  const absolute = resolve(cwd, file);
  const inRoot = relative(root, absolute);
  if (inRoot === '' || inRoot === '..' || inRoot.startsWith(`..${sep}`) || isAbsolute(inRoot)) return { artifactLocation: { uri: pathToFileURL(absolute).href } };
  return { artifactLocation: { uri: inRoot.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT } };
}
