// `check --format github`: one GitHub Actions workflow command per finding, which the runner turns
// into an annotation on the file's line, then a summary line for whoever reads the log.
import { type CheckRecord, endColumnOf, FINDING_KINDS, findingMessage, findingOf, type Level } from './findings';

const COMMANDS: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** The commands for one file's records; what is no finding (a current pin) says nothing. */
export function githubCommands(records: readonly CheckRecord[]): string[] {
  const lines: string[] = [];
  for (const record of records) {
    const finding = findingOf(record);
    if (finding === undefined) continue;
    const { entry } = record;
    const properties: [string, string | number | undefined][] = [
      // Standard input is no file of the repository: the message alone says where.
      ['file', entry.file === '<stdin>' ? undefined : entry.file],
      ['line', entry.line],
      ['col', entry.column],
      ['endColumn', endColumnOf(entry)],
      ['title', finding.kind.title],
    ];
    // As text says it, so the log reads as text does (a file that could not be read says its name).
    const message = entry.line === undefined ? entry.message : `${entry.file}:${entry.line}:${entry.column ?? 1}: ${findingMessage(entry)}`;
    lines.push(`::${COMMANDS[finding.level]} ${formatProperties(properties)}::${escapeData(message)}`);
  }
  return lines;
}

/** The last line: how many files were checked and what was found, by kind. */
export function githubSummary(files: number, records: readonly CheckRecord[]): string {
  const kinds = records.map((record) => findingOf(record)?.kind).filter((kind) => kind !== undefined);
  const ignored = records.filter((record) => record.entry.state === 'ignored').length;
  const checked = `docker-pin: ${files} ${files === 1 ? 'file' : 'files'} checked${ignored > 0 ? ` (${ignored} ${ignored === 1 ? 'image' : 'images'} ignored)` : ''}`;
  if (kinds.length === 0) return `${checked}, every image pinned and current`;
  const counts = FINDING_KINDS.map((kind) => [kind.id, kinds.filter((k) => k === kind).length] as const).filter(([, n]) => n > 0);
  return `${checked}, ${kinds.length} ${kinds.length === 1 ? 'finding' : 'findings'}: ${counts.map(([id, n]) => `${n} ${id}`).join(', ')}`;
}

function formatProperties(properties: readonly [string, string | number | undefined][]): string {
  return properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
    .join(',');
}

/** A command's message, escaped as the runner reads it (and as actions/toolkit writes it). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property's value: also `:` and `,`, which end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
