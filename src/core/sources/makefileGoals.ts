// The recipes make runs for the goals a command names (`make image`, `make lint test`): each goal's
// own, and those of its prerequisites in turn. A CI step running `make lint` on an arm64 runner
// builds only what `lint` leads to; reading every recipe of the Makefile as run there would make a
// Dockerfile only `make image` builds an arm64 build too (a stale amd64 pin reported for nothing).
// What cannot be told reads every recipe, as a make with no goal does (its default goal is left to
// make): a goal no rule names for sure (a pattern rule's, a file's), a target or prerequisite a
// value only make knows hides, and a recipe on the way that runs make again.
import { Expander } from './makefileExpand';
import type { Makefile, Recipe } from './makefileRead';
import { UNKNOWN } from './runDockerBuild';

/** A recipe line that runs make again: it may build any target. */
const RUNS_MAKE = /\$[({]MAKE[)}]|\bg?make\b/;

/** The recipes of `file` make runs for `goals`; undefined when that cannot be told (every recipe may run). */
export function goalRecipes(file: Makefile, goals: readonly string[]): Set<Recipe> | undefined {
  const expander = new Expander(file.variables);
  const words = (text: string): string[] | undefined => {
    const expanded = expander.expand(text);
    return expanded.includes(UNKNOWN) ? undefined : expanded.split(/\s+/).filter((word) => word !== '');
  };
  // Each target as make names it, with its prerequisites and recipes, from the rules as written.
  const prerequisites = new Map<string, Set<string>>();
  for (const [target, written] of file.prerequisites) {
    const names = words(target);
    if (names === undefined) return undefined;
    for (const name of names) {
      const into = prerequisites.get(name) ?? new Set<string>();
      for (const each of written) {
        const expanded = words(each);
        if (expanded === undefined) return undefined;
        for (const word of expanded) into.add(word);
      }
      prerequisites.set(name, into);
    }
  }
  const recipesOf = new Map<string, Recipe[]>();
  for (const recipe of file.recipes) {
    const names = words(recipe.targets);
    if (names === undefined) return undefined;
    for (const name of names) recipesOf.set(name, [...(recipesOf.get(name) ?? []), recipe]);
  }
  const reached = new Set<string>();
  const queue = [...goals];
  for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
    if (reached.has(target)) continue;
    // A goal no rule names may be a pattern rule's target.
    if (goals.includes(target) && !prerequisites.has(target)) return undefined;
    reached.add(target);
    queue.push(...(prerequisites.get(target) ?? []));
  }
  // A prerequisite that is no target is a file make does not build, unless a pattern rule does: recipes of pattern rules are read whenever reached may use one.
  const patterned = file.recipes.filter((recipe) => recipe.targets.includes('%'));
  const recipes = new Set<Recipe>();
  for (const target of reached) for (const recipe of recipesOf.get(target) ?? []) recipes.add(recipe);
  if (patterned.length > 0 && [...reached].some((target) => !recipesOf.has(target))) for (const recipe of patterned) recipes.add(recipe);
  if ([...recipes].some((recipe) => recipe.lines.some((line) => RUNS_MAKE.test(line.text)))) return undefined;
  return recipes;
}
