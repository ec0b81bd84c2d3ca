// GitLab CI variables as a job sees them, and the expansion of `$NAME` / `${NAME}` in an image
// name. The runner expands an image name with Go's os.Expand over the job's variables
// (gitlab-runner common/build.go expandContainerOptions); the variables' own values reach it
// already expanded, recursively, by GitLab (variables with `expand: false` are kept as written).
// A name this file does not define — a predefined `$CI_*` variable, a project or group variable,
// one from an included file — cannot be known here: it is reported, never guessed (the runner
// would silently make it empty).
import type { Scalar } from '../yaml';
import type { Platform } from '../types';

/** One variable as a job sees it: where its value is written, and what that value is. */
export interface VariableDefinition {
  readonly name: string;
  /** The value as GitLab reads it (numbers and booleans as their text), or why it cannot be known. */
  readonly value: { readonly text: string } | { readonly unknown: string };
  /** `expand: false`: the value is used as written, `$` and all. */
  readonly raw: boolean;
  /** The scalar holding a string value, for a pin written into it. */
  readonly node?: Scalar;
  /** The variable lists `options:` its value must be one of (a manual pipeline's choices). */
  readonly hasOptions: boolean;
  /** Set when the pipeline's definition that wins is written in another file (as messages name it). */
  readonly definedIn?: string;
  /** For one `definedIn` another file: why its value there cannot take the pin of an image here, or undefined when it does. */
  readonly refusedThere?: string;
  /** Set when the pipelines that include the file give it different values: each value, where it is set and in which pipeline. */
  readonly conflict?: string;
  /** A value of a job's `parallel:matrix`, which GitLab also puts in the job's name. */
  readonly matrix?: boolean;
}

/**
 * A global variable of the whole pipeline a file is read in: GitLab merges the `variables:` of the
 * main file and every file it includes (an including file's, and a later include's, win) before it
 * expands any job's image, so each included file's jobs see them all.
 */
export interface PipelineVariable {
  /** Its value, or why it cannot be known (the pipelines that include the file give it different values). */
  readonly value: { readonly text: string } | { readonly unknown: string };
  readonly raw: boolean;
  /** The pipelines that include the file give it different values: each value, where it is set and in which pipeline (an image using it is a conflict). */
  readonly conflict?: string;
  /** The file whose definition wins, as messages name it; undefined when it is the file read. */
  readonly definedIn?: string;
  /** For a variable the file read defines: other files of the pipeline use it only as an image written as exactly it, so its value takes their pin. */
  readonly imageElsewhere?: boolean;
  /** With `imageElsewhere`: the platforms those images run on (`image:docker:platform`; undefined: the configured one), which the value's pin must fit. */
  readonly elsewherePlatforms?: readonly (Platform | undefined)[];
  /** For one another file defines: why its value there cannot take the pin, or undefined when it does. */
  readonly refusedThere?: string;
}

/** The pipeline a GitLab CI file is read in: its merged global variables, and its files for messages. */
export interface GitlabPipeline {
  readonly variables: ReadonlyMap<string, PipelineVariable>;
  /** `.gitlab-ci.yml and the files it includes`. */
  readonly files: string;
  /** The jobs and templates the files of the pipelines define: what an `extends` of this file may name. */
  readonly jobNames: ReadonlySet<string>;
  /**
   * For a template another file of the pipelines defines: the jobs of other files that extend it
   * and set variables of their own (`variables:`, a rule's, their matrix's), as messages name them
   * (`job build of ci/jobs.yml`), with those variables' names.
   */
  readonly extenders?: ReadonlyMap<string, readonly TemplateExtender[]>;
}

/** A job that extends a template of another file, and the variables it sets over what the template sees. */
export interface TemplateExtender {
  readonly job: string;
  readonly names: readonly string[];
}

/** What a job is told about a name it does not define, for the message that reports it. */
export type MissingReason = (name: string) => string;

export interface Expansion {
  readonly value: string;
  /** Every variable name the text uses, directly or through other variables' values. */
  readonly names: readonly string[];
  /** Names that could not be known, with why; the value is then not to be used. */
  readonly unknown: ReadonlyMap<string, string>;
}

export class JobVariables {
  private readonly expanded = new Map<string, Expansion>();

  constructor(
    readonly definitions: ReadonlyMap<string, VariableDefinition>,
    private readonly missing: MissingReason,
  ) {}

  /** `text` as the runner expands it for this job. */
  expand(text: string): Expansion {
    const names: string[] = [];
    const unknown = new Map<string, string>();
    const value = osExpand(text, (name) => {
      const { value: resolved, names: used, unknown: notKnown } = this.value(name, []);
      names.push(name, ...used);
      for (const [n, why] of notKnown) unknown.set(n, why);
      return resolved;
    });
    return { value, names: [...new Set(names)], unknown };
  }

  /** A variable's value with the variables it names expanded, recursively (cycles reported). */
  private value(name: string, stack: readonly string[]): Expansion {
    const special = SPECIAL[name];
    if (special !== undefined) return { value: special, names: [], unknown: new Map() };
    const done = this.expanded.get(name);
    if (done !== undefined) return done;
    const definition = this.definitions.get(name);
    let result: Expansion;
    if (definition === undefined) {
      result = { value: '', names: [], unknown: new Map([[name, this.missing(name)]]) };
    } else if ('unknown' in definition.value) {
      result = { value: '', names: [], unknown: new Map([[name, definition.value.unknown]]) };
    } else if (definition.raw) {
      result = { value: definition.value.text, names: [], unknown: new Map() };
    } else if (stack.includes(name)) {
      return { value: '', names: [], unknown: new Map([[name, `the value of ${name} refers to itself (${[...stack, name].join(' → ')})`]]) };
    } else {
      const names: string[] = [];
      const unknown = new Map<string, string>();
      const value = osExpand(definition.value.text, (inner) => {
        const sub = this.value(inner, [...stack, name]);
        names.push(inner, ...sub.names);
        for (const [n, why] of sub.unknown) unknown.set(n, why);
        return sub.value;
      });
      result = { value, names: [...new Set(names)], unknown };
    }
    if (stack.length === 0) this.expanded.set(name, result);
    return result;
  }
}

/** What os.Expand gives for shell-special names: `$$` is a `$` (gitlab-runner Variables.value), the others nothing. */
const SPECIAL: Readonly<Record<string, string>> = {
  $: '$',
  ...Object.fromEntries(['*', '#', '@', '!', '?', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((c) => [c, ''])),
};

/** Go's os.Expand: `$NAME`, `${NAME}`, single-character special names; a lone `$` stays. */
export function osExpand(text: string, lookup: (name: string) => string): string {
  let out = '';
  let copied = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== '$' || j + 1 >= text.length) continue;
    out += text.slice(copied, j);
    const [name, width] = shellName(text.slice(j + 1));
    if (name === '' && width > 0) {
      // Invalid syntax (`${}` or an unclosed `${`): os.Expand drops those characters.
    } else if (name === '') {
      out += '$';
    } else {
      out += lookup(name);
    }
    j += width;
    copied = j + 1;
  }
  return out + text.slice(copied);
}

function isSpecial(c: string | undefined): boolean {
  return c !== undefined && '*#$@!?-0123456789'.includes(c);
}

function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

/** os.Expand's getShellName: the name after a `$` and how many characters it takes. */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]) && s[2] === '}') return [s[1], 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (isSpecial(s[0])) return [s[0], 1];
  let i = 0;
  while (i < s.length && isNameChar(s[i])) i++;
  return [s.slice(0, i), i];
}

/** Variables GitLab or the runner set for every job: never in the file, known only when the pipeline runs. */
export function isPredefined(name: string): boolean {
  return name === 'CI' || /^(CI|GITLAB|CHAT)_/.test(name) || name === 'TRIGGER_PAYLOAD';
}

/** A name os.Expand accepts but GitLab never defines (`${IMAGE:-alpine}`: GitLab has no defaults). */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** `$NAME` or `${NAME}` and nothing else: the reference is the variable's whole value. */
export function soleVariable(text: string): string | undefined {
  const match = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** A scalar's value as GitLab turns it into a variable's text (Ruby's `to_s`: `1.0` stays `1.0`). */
export function variableText(node: Scalar): string {
  const value = node.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isInteger(value) && !/^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(node.source ?? '')) {
    return value.toFixed(1);
  }
  return String(value);
}
