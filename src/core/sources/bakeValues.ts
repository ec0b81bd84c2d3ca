// The values of a Bake file's expressions, as far as docker-pin works them out: literals, lists,
// objects, templates, and variables — a `variable "X"` block's `default` (itself worked out), which
// an environment variable of the same name replaces, as Bake does. Anything else is unknown, with
// the reason in words: an expression docker-pin does not evaluate (a function call, an operator,
// a conditional), a variable with no default that the environment does not set (Bake takes it from
// the environment it runs in), a value of a target's matrix, a name no variable has.
import type { HclBody, HclExpr } from './hclSyntax';

export type BakeValue = string | number | boolean | null | readonly BakeValue[] | BakeObject | Unknown;

export interface BakeObject {
  readonly kind: 'object';
  readonly entries: ReadonlyMap<string, BakeValue>;
}

export interface Unknown {
  readonly kind: 'unknown';
  readonly reason: string;
}

export function isUnknown(value: BakeValue): value is Unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Unknown).kind === 'unknown';
}

export function isObject(value: BakeValue): value is BakeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as BakeObject).kind === 'object';
}

/** A value of an interpolation as the text it adds, or unknown. */
function asText(value: BakeValue, what: string): string | Unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isUnknown(value)) return value;
  return { kind: 'unknown', reason: value === null ? `${what}, which is null` : `${what}, which is not a string` };
}

/**
 * Bake's built-in variables: BAKE_LOCAL_PLATFORM is the platform of the machine bake runs on, which
 * `local` names in `platforms` too (the configured one); BAKE_CMD_CONTEXT is known only then.
 */
const BUILT_INS: ReadonlyMap<string, BakeValue> = new Map<string, BakeValue>([
  ['BAKE_LOCAL_PLATFORM', 'local'],
  ['BAKE_CMD_CONTEXT', { kind: 'unknown', reason: 'BAKE_CMD_CONTEXT, the context bake is run with, known only when it runs' }],
]);

export class BakeScope {
  private readonly defaults = new Map<string, HclExpr | undefined>();
  private readonly values = new Map<string, BakeValue>();
  private readonly reading = new Set<string>();

  constructor(
    body: HclBody,
    private readonly environment: ReadonlyMap<string, string>,
  ) {
    for (const block of body.blocks) {
      if (block.type !== 'variable' || block.labels.length !== 1) continue;
      this.defaults.set(block.labels[0], block.body.attributes.find((a) => a.name === 'default')?.expr);
    }
  }

  /** Whether the file declares the variable `name`. */
  declares(name: string): boolean {
    return this.defaults.has(name);
  }

  /** The value of `expr`; `locals` names values only a target has (its matrix), which are not worked out. */
  evaluate(expr: HclExpr, locals: ReadonlySet<string> = new Set()): BakeValue {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'tuple':
        return expr.items.map((item) => this.evaluate(item, locals));
      case 'object': {
        const entries = new Map<string, BakeValue>();
        for (const item of expr.items) if (item.key !== undefined) entries.set(item.key, this.evaluate(item.value, locals));
        return { kind: 'object', entries };
      }
      case 'variable':
        return locals.has(expr.name) ? { kind: 'unknown', reason: `${expr.name}, a value of the target's matrix, which docker-pin does not expand` } : this.variable(expr.name);
      case 'other':
        return { kind: 'unknown', reason: `the expression ${short(expr.text)}, which docker-pin does not evaluate` };
      case 'template': {
        let out = '';
        for (const part of expr.parts) {
          if ('text' in part) {
            out += part.text;
            continue;
          }
          const text = asText(this.evaluate(part.expr, locals), part.expr.kind === 'variable' ? `the variable ${part.expr.name}` : 'its interpolation');
          if (typeof text !== 'string') return text;
          out += text;
        }
        return out;
      }
    }
  }

  /** The value of the variable `name`: the environment's, else its default. */
  variable(name: string): BakeValue {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    if (!this.defaults.has(name)) return BUILT_INS.get(name) ?? { kind: 'unknown', reason: `${name}, which is no variable of the bake file` };
    if (this.reading.has(name)) return { kind: 'unknown', reason: `the variable ${name}, whose default refers to itself` };
    this.reading.add(name);
    const value = this.read(name);
    this.reading.delete(name);
    this.values.set(name, value);
    return value;
  }

  private read(name: string): BakeValue {
    const fromEnvironment = this.environment.get(name);
    const expr = this.defaults.get(name);
    const fallback = expr === undefined ? undefined : this.evaluate(expr);
    if (fromEnvironment !== undefined) {
      // Bake reads a list or map variable's environment value as CSV or JSON: not worked out here.
      if (fallback !== undefined && (Array.isArray(fallback) || isObject(fallback))) return { kind: 'unknown', reason: `the variable ${name}, which the environment sets to a list or map` };
      return fromEnvironment;
    }
    if (fallback === undefined) return { kind: 'unknown', reason: `the variable ${name}, which has no default: Bake takes it from the environment it runs in` };
    return fallback;
  }

  /** Whether `name`'s value comes from the environment (it replaces the default written in the file). */
  fromEnvironment(name: string): boolean {
    return this.environment.has(name);
  }

  /** The default of the variable `name` as written, when it has one. */
  defaultOf(name: string): HclExpr | undefined {
    return this.defaults.get(name);
  }
}

function short(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
