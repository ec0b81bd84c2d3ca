// The stages a build of one target needs. BuildKit builds the target stage (the last one without
// `--target`) and only the stages it depends on: the stage its FROM builds on, and those its
// `COPY --from` and `RUN --mount=…,from=` name, transitively. The images of the other stages are
// never pulled by that build.
import { Copy, DockerfileParser, From, Run } from 'dockerfile-ast';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { buildValues, expandWord, globalScope, unsetMarker, unsetNames } from './args';
import { argDeclarations } from './dockerfile';
import type { ScanOptions } from './types';

/** Which zero-based lines a build of the target reads images from, or why the target cannot be built. */
export type TargetStages = { readonly keeps: (line: number) => boolean } | { readonly error: string };

interface Stage {
  readonly name?: string;
  readonly firstLine: number;
  /** The words of its FROM image, COPY --from and RUN --mount from, as written. */
  readonly from: string;
  readonly uses: string[];
}

/**
 * The lines of the stages `target` needs (undefined: the last stage), with the global scope
 * `options` gives (the build's args decide what `FROM ${BASE}` names). Lines before the first FROM
 * (parser directives, global ARGs) are always kept. When a stage reference cannot be worked out
 * (a variable without a value), every stage is kept: a dependency is never dropped on a guess.
 */
export function targetStages(text: string, target: string | undefined, options: ScanOptions): TargetStages {
  let dockerfile: Dockerfile;
  try {
    dockerfile = DockerfileParser.parse(text);
  } catch {
    return { keeps: () => true };
  }
  const stages = readStages(dockerfile.getInstructions());
  if (stages.length === 0) return { keeps: () => true };
  const lower = (name: string) => name.toLowerCase();
  let start = stages.length - 1;
  if (target !== undefined) {
    start = stages.findIndex((stage) => stage.name !== undefined && lower(stage.name) === lower(target));
    if (start < 0) return { error: `the build's target stage ${JSON.stringify(target)} is not in this Dockerfile` };
  }
  const escape = dockerfile.getEscapeCharacter();
  const env = globalScope(dockerfile.getInitialARGs().flatMap(argDeclarations), buildValues(options), escape).env;
  const firstByName = new Map<string, number>();
  stages.forEach((stage, index) => {
    if (stage.name !== undefined && !firstByName.has(lower(stage.name))) firstByName.set(lower(stage.name), index);
  });
  // The stage a word names, `undefined` for an image, or `unknown` when it cannot be told.
  const stageNamed = (word: string, before?: number): number | undefined | 'unknown' => {
    const expansion = expandWord(word, env, { escape, unset: unsetMarker });
    if (expansion.error !== undefined || unsetNames(expansion.value).length > 0) return 'unknown';
    const value = expansion.value;
    if (before === undefined && /^\d+$/.test(value)) return Number(value) < stages.length ? Number(value) : undefined;
    const index = firstByName.get(lower(value));
    return index !== undefined && (before === undefined || index < before) ? index : undefined;
  };
  const needed = new Set<number>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const index = queue.pop() as number;
    const stage = stages[index];
    const named = [stageNamed(stage.from, index), ...stage.uses.map((word) => stageNamed(word))];
    if (named.includes('unknown')) return { keeps: () => true };
    for (const dependency of named) {
      if (typeof dependency === 'number' && !needed.has(dependency)) {
        needed.add(dependency);
        queue.push(dependency);
      }
    }
  }
  const firstLines = stages.map((stage) => stage.firstLine);
  return {
    keeps: (line) => {
      if (line < firstLines[0]) return true;
      // The stage holding `line`: the last one starting at or before it.
      let index = firstLines.length - 1;
      while (firstLines[index] > line) index--;
      return needed.has(index);
    },
  };
}

function readStages(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      stages.push({ name: instruction.getBuildStage() ?? undefined, firstLine: instruction.getRange().start.line, from: instruction.getArguments()[0]?.getValue() ?? '', uses: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage === undefined) continue;
    if (instruction instanceof Copy) {
      for (const flag of instruction.getFlags()) if (flag.getName() === 'from' && flag.getValue() !== null) stage.uses.push(flag.getValue() as string);
    } else if (instruction instanceof Run) {
      for (const flag of instruction.getFlags()) {
        if (flag.getName() !== 'mount') continue;
        for (const option of flag.getOptions()) {
          const value = option.getValue();
          if (option.getName().toLowerCase() === 'from' && value !== null) stage.uses.push(value);
        }
      }
    }
  }
  return stages;
}
