// How a compose file that projects reach through `extends.file` is read. Compose loads the extended
// file with the extending project's options (compose-go loader/extends.go, getExtendsBaseFromFile:
// `extendsOpts := opts.clone()` keeps its `Interpolate`), so the file is interpolated with the
// extending project's variables — its environment and its .env — never a .env beside the extended
// file; and it takes from the file only the service named (`services[ref]`, with the services that
// one extends in turn), none of the file's includes (`SkipInclude`). So each project that extends
// a service of the file with other variables reads that service its own way: a reading of the file
// restricted to that service (`ComposeServices.only`), its values owned by that project's .env. A
// line two such readings name differently is a conflict (readings.ts), as for two includes.
import { dirname, join } from 'node:path';
import type { ComposeServices } from '../core/sources/compose';
import type { BuildOperand, ComposeReading, Includer } from './buildOperands';
import type { FileAccess } from './fileAccess';

/** A project's way of reading the file it extends a service of. */
export interface ExtendsReading {
  /** The extending file, as messages name it, and the line that names the file. */
  readonly includer: Includer;
  /** The extending project's environment (its .env is `envFile`). */
  readonly environment: ReadonlyMap<string, string>;
  /** The extending project's .env, which takes the pins of values read from it; null: none. */
  readonly envFile: { readonly path: string; readonly text: string } | null;
  /** The service extended (undefined when `extends` names none: Compose refuses it, nothing is read). */
  readonly service?: string;
}

/**
 * Adds `reading` to `existing`, a compose file read already: nothing when a reading of it with the
 * same variables reads that service already, else a reading of that service alone. When the
 * file's own reading is the first extending project's, it stops reading a service only other
 * projects extend: that project never runs it, and its variables would conflict for nothing.
 */
export async function addExtendsReading(existing: BuildOperand, reading: ExtendsReading, files: FileAccess): Promise<void> {
  const { service } = reading;
  const same = variablesKey(reading.environment, await realEnvFile(reading.envFile?.path ?? null, files));
  const own = variablesKey(existing.options.environment, await realEnvFile(ownEnvPath(existing), files));
  if (same === own) {
    // Read alike by the file's own reading; the first extending project's keeps reading this service.
    if (service !== undefined && existing.extendedServices !== undefined) readAgain(existing, service);
    return;
  }
  if (service === undefined) return;
  const readings = existing.moreReadings ?? [];
  for (const [index, more] of readings.entries()) {
    const key = variablesKey(more.options.environment, await realEnvFile(more.envFile?.path ?? null, files));
    if (key !== same) continue;
    if (reads(more.options.services, service)) return;
    // Read alike but for another service, and not followed yet (the same project extends several): one reading.
    const only = more.options.services?.only;
    if (only !== undefined && index + 1 >= (existing.followed ?? 0)) {
      readings[index] = { ...more, options: { ...more.options, services: { only: new Set([...only, service]) } } };
      return;
    }
  }
  pushReading(existing, reading, service);
  if (existing.extendedServices !== undefined && !existing.extendedServices.has(service)) {
    const except = new Set(existing.options.services?.except ?? []);
    except.add(service);
    existing.options = { ...existing.options, services: { ...existing.options.services, except } };
  }
}

/** Makes the first extending project's reading of `existing` read `service` again, if it had left it to another. */
function readAgain(existing: BuildOperand, service: string): void {
  existing.extendedServices?.add(service);
  const except = existing.options.services?.except;
  if (except === undefined || !except.has(service)) return;
  const left = new Set(except);
  left.delete(service);
  existing.options = { ...existing.options, services: { ...existing.options.services, except: left } };
}

function pushReading(existing: BuildOperand, reading: ExtendsReading, service: string): void {
  // The file's options (platform, ignore, build args of its repository config), with the project's variables.
  const more: ComposeReading = {
    includer: reading.includer,
    options: { ...existing.options, environment: new Map(reading.environment), services: { only: new Set([service]) } },
    envFile: reading.envFile,
  };
  (existing.moreReadings ??= []).push(more);
}

/** Whether a reading with `scope` reads `service`. */
function reads(scope: ComposeServices | undefined, service: string): boolean {
  if (scope?.only !== undefined && !scope.only.has(service)) return false;
  return scope?.except === undefined || !scope.except.has(service);
}

/** The env file the file's own reading reads: the one given it, else (read directly) the .env beside it. */
function ownEnvPath(operand: BuildOperand): string | null {
  return operand.envPath === undefined ? join(dirname(operand.path), '.env') : operand.envPath;
}

/** The real path of an env file, or null when there is none. */
async function realEnvFile(path: string | null, files: FileAccess): Promise<string | null> {
  if (path === null) return null;
  return files.realpath(path).catch(() => null);
}

function variablesKey(environment: ReadonlyMap<string, string> | undefined, envFile: string | null): string {
  const sorted = [...(environment ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([envFile, sorted]);
}
