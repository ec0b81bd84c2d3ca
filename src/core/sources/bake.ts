// A Docker Bake file (`docker-bake.hcl`, `docker-bake.json` and their `.override.` files, read by
// `docker buildx bake`): each `target` block is a build of a Dockerfile — its `dockerfile` (default
// `Dockerfile`) in its `context` (default `.`, from the folder bake runs in: `fromRunFolder`), for its `platforms` (none: the
// machine's own, the configured one; `local` too), with its `args` and stage (`target`), its
// `contexts` named contexts. A target takes the attributes of those it `inherits`, in order, its
// own winning (`args` and `contexts` merged by key); a target other targets inherit and no `group`
// names is their template, not a build of its own. Values are worked out as bakeValues.ts says:
// variables with their defaults (or the environment's value), `${…}` templates; anything else is
// unknown. Like docker/build-push-action's reader: a build whose platforms, stage, args or contexts
// cannot be worked out, or whose Dockerfile cannot be while it names platforms, is reported
// unresolved, its Dockerfile left to its own reading for the configured platform (a hidden
// Dockerfile's report marked so: `ScanProblem.unnamedDockerfile`); one whose
// Dockerfile cannot be worked out and that names no platforms is left to that reading alone. A
// `contexts` value `docker-image://<ref>` is an image the bake file names, pulled for the target's
// platforms: checked and pinned where it is written.
import { posix } from 'node:path';
import { isDockerPinError } from '../errors';
import { formatPlatform, parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform, ScanResult, SourceScanOptions } from '../types';
import { parseBakeJson } from './bakeJson';
import { pathEnd } from './pathEnd';
import { BakeScope, type BakeValue, isObject, isUnknown } from './bakeValues';
import { Findings, type Place } from './findings';
import { type HclBlock, type HclBody, type HclExpr, HclSyntaxError, parseHcl } from './hclSyntax';
import { isJsonText } from './jsonStream';
import { SourceText } from './sourceText';

const DOCKER_IMAGE = 'docker-image://';
const CWD = 'cwd://';
/** The attributes that decide which Dockerfile is built, for which platforms and stage. */
const DECIDING = ['context', 'dockerfile', 'platforms', 'target'] as const;
type Deciding = (typeof DECIDING)[number];

export function scanBake(text: string, options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'bake');
  let body: HclBody;
  try {
    body = isJsonText(text) ? parseBakeJson(text) : parseHcl(text);
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    const end = Math.min(text.length, e.offset + Math.max(1, /^[^\s]*/.exec(text.slice(e.offset))?.[0].length ?? 1));
    findings.problem('invalid', { text: text.slice(e.offset, end), start: e.offset, end }, `the bake file cannot be read: ${e.message}`);
    return findings.result({ builds: [] });
  }
  const bake = new BakeFile(findings, body, new BakeScope(body, options.environment ?? new Map()));
  return findings.result({ builds: bake.builds() });
}

/** An attribute of a target, where it is written, and its value. */
interface Written {
  readonly expr: HclExpr;
  readonly value: BakeValue;
}

/** A target's attributes after its inherits: the deciding ones whole, args and contexts by key. */
interface Resolved {
  readonly fields: Map<string, Written>;
  readonly args: Map<string, Written>;
  readonly contexts: Map<string, Written>;
  /** Why the target's attributes cannot all be told (an inherited target that is not in the file). */
  unknown?: { readonly expr: HclExpr; readonly reason: string; readonly field: string };
}

class BakeFile {
  private readonly targets = new Map<string, HclBlock[]>();
  private readonly resolved = new Map<string, Resolved>();
  /** The targets a group names. */
  private readonly grouped: ReadonlySet<string>;

  constructor(
    private readonly findings: Findings,
    body: HclBody,
    private readonly scope: BakeScope,
  ) {
    for (const block of body.blocks) {
      if (block.type !== 'target' || block.labels.length !== 1) continue;
      this.targets.set(block.labels[0], [...(this.targets.get(block.labels[0]) ?? []), block]);
    }
    this.grouped = new Set(
      body.blocks.flatMap((block) => {
        if (block.type !== 'group') return [];
        const targets = block.body.attributes.find((a) => a.name === 'targets');
        const value = targets === undefined ? [] : scope.evaluate(targets.expr);
        return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      }),
    );
  }

  builds(): DockerfileBuild[] {
    const inherited = new Set<string>();
    for (const blocks of this.targets.values()) for (const block of blocks) for (const name of this.inheritsOf(block).names) inherited.add(name);
    const builds = new Map<string, DockerfileBuild>();
    for (const [name, blocks] of this.targets) {
      // A template of other targets, which no group builds: its attributes count in theirs.
      if (inherited.has(name) && !this.grouped.has(name)) continue;
      const build = this.build(name, blocks[0], this.resolve(name, []));
      if (build === undefined) continue;
      const key = JSON.stringify([build.dockerfile, build.context, [...build.buildArgs], [...build.unknownArgs.keys()], build.target, build.platforms.map(formatPlatform), [...(build.namedContexts ?? [])], build.hidden?.message]);
      if (!builds.has(key)) builds.set(key, build);
    }
    return [...builds.values()];
  }

  private inheritsOf(block: HclBlock): { names: string[]; expr?: HclExpr; unknown?: string } {
    const attribute = block.body.attributes.find((a) => a.name === 'inherits');
    if (attribute === undefined) return { names: [] };
    const value = this.scope.evaluate(attribute.expr);
    if (isUnknown(value)) return { names: [], expr: attribute.expr, unknown: value.reason };
    const items = Array.isArray(value) ? value : [];
    const unknown = items.find(isUnknown);
    if (unknown !== undefined) return { names: [], expr: attribute.expr, unknown: unknown.reason };
    return { names: items.filter((v): v is string => typeof v === 'string'), expr: attribute.expr };
  }

  /** The target's attributes, its inherited ones first (in order), its own winning. */
  private resolve(name: string, chain: readonly string[]): Resolved {
    const known = this.resolved.get(name);
    if (known !== undefined) return known;
    const out: Resolved = { fields: new Map(), args: new Map(), contexts: new Map() };
    for (const block of this.targets.get(name) ?? []) {
      const matrix = matrixNames(block);
      const inherits = this.inheritsOf(block);
      if (inherits.unknown !== undefined && inherits.expr !== undefined) out.unknown ??= { expr: inherits.expr, reason: inherits.unknown, field: 'inherits' };
      for (const parent of inherits.names) {
        if (!this.targets.has(parent) || chain.includes(parent)) {
          out.unknown ??= { expr: inherits.expr as HclExpr, field: 'inherits', reason: chain.includes(parent) ? `${parent}, which inherits from this target itself` : `${parent}, a target that is not in this file` };
          continue;
        }
        const from = this.resolve(parent, [...chain, name]);
        merge(out, from);
        if (from.unknown !== undefined) out.unknown ??= from.unknown;
      }
      for (const attribute of block.body.attributes) {
        if (attribute.name === 'args' || attribute.name === 'contexts') {
          const map = attribute.name === 'args' ? out.args : out.contexts;
          if (attribute.expr.kind !== 'object') {
            out.fields.set(attribute.name, { expr: attribute.expr, value: this.scope.evaluate(attribute.expr, matrix) });
            continue;
          }
          out.fields.delete(attribute.name);
          for (const item of attribute.expr.items) {
            if (item.key === undefined) {
              out.fields.set(attribute.name, { expr: attribute.expr, value: { kind: 'unknown', reason: 'a key written as an expression, which docker-pin does not evaluate' } });
              continue;
            }
            const value = this.scope.evaluate(item.value, matrix);
            // A null arg leaves the inherited value (or the Dockerfile's default), as Bake merges.
            if (value === null) continue;
            map.set(item.key, { expr: item.value, value });
          }
          continue;
        }
        out.fields.set(attribute.name, { expr: attribute.expr, value: this.scope.evaluate(attribute.expr, matrix) });
      }
    }
    this.resolved.set(name, out);
    return out;
  }

  private build(name: string, block: HclBlock, target: Resolved): DockerfileBuild | undefined {
    const by = `target ${JSON.stringify(name)} of the bake file`;
    const header: Place = { text: this.findings.source.text.slice(block.start, block.start + 'target'.length), start: block.start, end: block.start + 'target'.length };
    if (target.unknown !== undefined) {
      this.unresolved(target.unknown.expr, by, target.unknown.field, target.unknown.reason);
      // What it inherits may name any Dockerfile, for any platforms.
      this.findings.unnamedDockerfile(this.place(target.unknown.expr), { by });
      this.contextImages(target, by, 'unknown');
      return undefined;
    }
    const inline = target.fields.get('dockerfile-inline');
    // An inline Dockerfile is text of the bake file, not a Dockerfile of the project: only its contexts are read.
    const inlineBuild = inline !== undefined && inline.value !== null;
    const written = target.fields.get('platforms');
    const platformsNamed = written !== undefined && written.value !== null;
    const hidden = platformsNamed ? unknownIn(written.value) : undefined;
    // Platforms alone hidden: the build of the Dockerfile it names is kept, marked so (its other unknowns go unsaid, as its platforms are said).
    let hiddenBuild: BuildHidden | undefined;
    if (hidden !== undefined) {
      if (!inlineBuild) hiddenBuild = { message: this.unresolved(written?.expr as HclExpr, by, 'platforms', hidden), platforms: true };
      this.contextImages(target, by, 'unknown');
      if (inlineBuild) return undefined;
    }
    const platforms = hiddenBuild === undefined ? this.platforms(written, platformsNamed ? stringList(written.value) : undefined, by) : [];
    if (platforms === undefined) return undefined;
    if (hiddenBuild === undefined) this.contextImages(target, by, platforms);
    if (inlineBuild) return undefined;
    const values = new Map<Deciding, string>();
    for (const field of DECIDING) {
      const attribute = target.fields.get(field);
      if (field === 'platforms' || attribute === undefined || attribute.value === null) continue;
      const unknown = unknownIn(attribute.value);
      if (unknown !== undefined) {
        const unnamed = field === 'context' || field === 'dockerfile';
        const hiddenEnd = field === 'context' ? dockerfileEnd(target) : undefined;
        const end = hiddenEnd === undefined ? {} : { pathEnd: hiddenEnd };
        if (hiddenBuild !== undefined) {
          // Its platforms said, and the Dockerfile hidden too: any Dockerfile, for any platforms.
          if (unnamed) this.findings.unnamedDockerfile(this.place(written?.expr as HclExpr), { by, ...end });
          return undefined;
        }
        // A Dockerfile it does not say, built for the machine's own platform: left to the reading of each Dockerfile.
        if (unnamed && !platformsNamed) return undefined;
        this.unresolved(attribute.expr, by, field, unknown);
        // A Dockerfile it does not say, for the platforms named (only `local`: the configured one).
        if (unnamed) this.findings.unnamedDockerfile(this.place(attribute.expr), { by, platforms, ...end });
        return undefined;
      }
      values.set(field, typeof attribute.value === 'string' ? attribute.value : String(attribute.value));
    }
    for (const field of ['args', 'contexts']) {
      const whole = target.fields.get(field);
      if (whole !== undefined && whole.value !== null) {
        if (hiddenBuild === undefined) this.unresolved(whole.expr, by, field, isUnknown(whole.value) ? whole.value.reason : 'a value that is not a map');
        return undefined;
      }
    }
    const context = (values.get('context') ?? '.').trim() || '.';
    const dockerfile = (values.get('dockerfile') ?? 'Dockerfile').trim() || 'Dockerfile';
    if (isRemote(context) || isRemote(dockerfile)) {
      if (hiddenBuild !== undefined) return undefined;
      const at = target.fields.get(isRemote(context) ? 'context' : 'dockerfile')?.expr;
      this.findings.problem('skipped', at === undefined ? header : this.place(at), `${by} builds from ${isRemote(context) ? context : dockerfile}, a remote ${isRemote(context) ? 'context' : 'Dockerfile'}: its Dockerfile is not read here`);
      return undefined;
    }
    const contextPath = posix.normalize(context.startsWith(CWD) ? context.slice(CWD.length) : context);
    // A Dockerfile is in the context, unless given from the working directory (cwd://) or whole.
    const dockerfilePath = dockerfile.startsWith(CWD) ? posix.normalize(dockerfile.slice(CWD.length)) : posix.isAbsolute(dockerfile) ? dockerfile : posix.join(contextPath, dockerfile);
    const buildArgs = new Map<string, string>();
    const unknownArgs = new Map<string, string>();
    const argLines = new Map<string, number>();
    for (const [arg, written] of target.args) {
      argLines.set(arg, this.findings.source.line(written.expr.start));
      if (isUnknown(written.value)) unknownArgs.set(arg, `its value in ${by} is ${written.value.reason}`);
      else if (typeof written.value === 'string' || typeof written.value === 'number' || typeof written.value === 'boolean') buildArgs.set(arg, String(written.value));
      else unknownArgs.set(arg, `its value in ${by} is not a string`);
    }
    const at = target.fields.get('dockerfile')?.expr;
    const place = at === undefined ? header : this.place(at);
    const range = this.findings.source.range(place.start, place.end);
    const stage = values.get('target')?.trim();
    return {
      dockerfile: dockerfilePath,
      context: contextPath,
      buildArgs,
      unknownArgs,
      argLines,
      ...(stage === undefined || stage === '' ? {} : { target: stage }),
      platforms,
      range,
      line: range.start.line + 1,
      by,
      ...(target.contexts.size === 0 ? {} : { namedContexts: new Set(target.contexts.keys()), namedContextsField: 'contexts' }),
      ...(hiddenBuild === undefined ? {} : { hidden: hiddenBuild }),
      // Bake resolves a relative context from the folder it runs in, not the bake file's.
      ...(posix.isAbsolute(dockerfilePath) ? {} : { fromRunFolder: true as const }),
    };
  }

  /** The platforms named (none, or only `local`: the machine's own, the configured one); undefined once a problem is reported. */
  private platforms(written: Written | undefined, items: readonly string[] | undefined, by: string): Platform[] | undefined {
    const out: Platform[] = [];
    if (written === undefined || items === undefined) return out;
    const listed = items.flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
    const local = listed.filter((item) => item === 'local').length;
    if (local > 0 && local < listed.length) {
      this.findings.problem(
        'unresolved',
        this.place(written.expr),
        `the platforms of ${by} name local, the platform of the machine bake runs on, beside others, so the platforms its Dockerfile is built for cannot all be told: ` +
          `its images are checked for the configured platform; name the platforms, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`,
      );
      return undefined;
    }
    for (const item of local > 0 ? [] : listed) {
      try {
        const platform = parsePlatform(item);
        if (!out.some((p) => platformsEqual(p, platform))) out.push(platform);
      } catch (e) {
        if (!isDockerPinError(e)) throw e;
        this.findings.problem('invalid', this.place(written.expr), `the platforms of ${by}: ${e.message}`);
        return undefined;
      }
    }
    return out;
  }

  /** The target's `docker-image://` contexts: images of the bake file, pulled for its platforms (or 'unknown' ones). */
  private contextImages(target: Resolved, by: string, platforms: readonly Platform[] | 'unknown'): void {
    for (const [name, written] of target.contexts) {
      const what = `the named context ${name} (contexts) of ${by}`;
      const place = this.place(written.expr);
      if (isUnknown(written.value)) {
        this.findings.problem('unresolved', place, `${what} is ${written.value.reason}: if it names an image, that image cannot be worked out or pinned here; write it out, or accept it with --allow-unresolved`);
        continue;
      }
      if (typeof written.value !== 'string' || !written.value.startsWith(DOCKER_IMAGE)) continue;
      const reference = written.value.slice(DOCKER_IMAGE.length);
      if (platforms === 'unknown') {
        this.findings.problem('unresolved', place, `${what} is pulled for the platforms of that target, which cannot be told (see its report): it is not pinned here; accept it with --allow-unresolved`);
        continue;
      }
      const where = this.referencePlace(written.expr);
      if ('reason' in where) {
        this.findings.problem('skipped', place, `skipped ${JSON.stringify(reference)} (${what}): ${where.reason}, so no digest can be inserted safely`);
        continue;
      }
      this.findings.image(where.place, { source: 'image', expanded: reference, variables: where.variables, usePlatforms: platforms.length === 0 ? [undefined] : platforms });
    }
  }

  /**
   * Where the reference after `docker-image://` is written in `expr`: a string (its interpolations
   * are the reference's variables, which a pin on it wins over), or a variable used only there,
   * whose default string then takes the pin.
   */
  private referencePlace(expr: HclExpr): { place: Place; variables: string[] } | { reason: string } {
    if (expr.kind === 'variable') {
      const name = expr.name;
      const fallback = this.scope.defaultOf(name);
      if (this.scope.fromEnvironment(name)) return { reason: `it is the variable ${name}, which the environment sets` };
      if (fallback === undefined || fallback.kind !== 'template') return { reason: `it is the variable ${name}, whose default is not written as a string` };
      const uses = this.findings.source.text.match(new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'g'))?.length ?? 0;
      // Its declaration and this use: a pin in the default would change every other use too.
      if (uses > 2) return { reason: `it is the variable ${name}, which is used elsewhere too: write the image in the context to pin it` };
      return this.referencePlace(fallback);
    }
    if (expr.kind !== 'template') return { reason: 'it is not written as a string' };
    const first = expr.parts[0];
    if (first === undefined || !('text' in first) || !first.text.startsWith(DOCKER_IMAGE) || !first.verbatim) return { reason: 'its docker-image:// is not written plainly at its start' };
    const variables: string[] = [];
    for (const part of expr.parts) {
      if ('text' in part) {
        if (!part.verbatim) return { reason: 'it is written with escapes' };
        continue;
      }
      if (part.expr.kind !== 'variable') return { reason: 'it holds an interpolation that is not a variable' };
      variables.push(part.expr.name);
    }
    const start = first.start + DOCKER_IMAGE.length;
    const end = expr.parts[expr.parts.length - 1].end;
    return { place: { text: this.findings.source.text.slice(start, end), start, end }, variables };
  }

  /** Reports that `field` of the target hides what it builds; returns the message. */
  private unresolved(expr: HclExpr, by: string, field: string, reason: string): string {
    // An inherited target another bake file gives (`-f`) is not read with this one.
    const fix = field === 'inherits' ? 'define the targets it inherits in this file' : `write the ${field} out`;
    const message =
      `the ${field} of ${by} is ${reason}, so what it builds, and for which platforms, cannot be told: ` +
      `its Dockerfile's images are checked for the configured platform, which may not be one it is built for; ${fix}, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
    this.findings.problem('unresolved', this.place(expr), message);
    return message;
  }

  private place(expr: HclExpr): Place {
    return { text: this.findings.source.text.slice(expr.start, expr.end), start: expr.start, end: expr.end };
  }
}

/** `from`'s attributes taken into `into`: args and contexts by key, the others whole. */
function merge(into: Resolved, from: Resolved): void {
  for (const [key, value] of from.fields) into.fields.set(key, value);
  for (const [key, value] of from.args) into.args.set(key, value);
  for (const [key, value] of from.contexts) into.contexts.set(key, value);
}

/** The names a target's `matrix` gives values to. */
function matrixNames(block: HclBlock): Set<string> {
  const matrix = block.body.attributes.find((a) => a.name === 'matrix')?.expr;
  return new Set(matrix?.kind === 'object' ? matrix.items.flatMap((item) => (item.key === undefined ? [] : [item.key])) : []);
}

/** The reason a value (or an item of a list) cannot be worked out, when it cannot. */
/**
 * The end of the path of the Dockerfile a target whose context is hidden builds: its `dockerfile`,
 * relative to that context (`Dockerfile` when unset); undefined when that is hidden too.
 */
function dockerfileEnd(target: Resolved): string | undefined {
  const written = target.fields.get('dockerfile');
  const dockerfile = written === undefined || written.value === null ? 'Dockerfile' : typeof written.value === 'string' ? written.value.trim() || 'Dockerfile' : undefined;
  return dockerfile === undefined || isRemote(dockerfile) ? undefined : pathEnd(dockerfile);
}

function unknownIn(value: BakeValue): string | undefined {
  if (isUnknown(value)) return value.reason;
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = unknownIn(item);
      if (reason !== undefined) return reason;
    }
  }
  if (isObject(value)) return 'a map, where a string is expected';
  return undefined;
}

function stringList(value: BakeValue): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.flatMap((item) => (typeof item === 'string' ? [item] : [])) : [];
}

function isRemote(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.startsWith(CWD) ? true : /^git@|^target:|^docker-image:/.test(path);
}
