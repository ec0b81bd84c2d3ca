// The transformer configs a kustomization names (`configurations:`), read where the kustomization
// is: the image field specs they add (core/sources/kustomizeConfig.ts), and what is wrong with
// each entry kustomize would fail on or docker-pin cannot read, to report at the entry.
import { isAbsolute, join } from 'node:path';
import { type ConfigurationProblem, type ImageFieldSpec, imageFieldSpecs } from '../core/sources/kustomizeConfig';
import type { KustomizationFacts, KustomizeStep } from '../core/sources/kustomizeRender';
import { type Assembly, isInside } from './assembly';

/** A kustomization's transformer configs, as far as they concern its images. */
export interface TransformerConfigs {
  readonly fieldSpecs: readonly ImageFieldSpec[];
  readonly configurations: readonly ConfigurationProblem[];
}

/**
 * The image field specs of the transformer configs a kustomization in folder `dir` names, and
 * what is wrong with the entries kustomize would fail on or docker-pin cannot read: each is
 * reported at its entry, as images at the places it may name are then read as written.
 */
export async function transformerConfigs(facts: KustomizationFacts, dir: string, files: Assembly['files'], root: string): Promise<TransformerConfigs> {
  const fieldSpecs: ImageFieldSpec[] = [];
  const configurations: ConfigurationProblem[] = [];
  const asWritten = 'images at the places it may name (an operator\'s image field) are checked as written, not as this kustomization renders them';
  for (const [index, entry] of facts.configurations.entries()) {
    const problem = (kind: ConfigurationProblem['kind'], message: string): void => void configurations.push({ index, kind, message });
    if (entry === undefined) {
      problem('invalid', 'this configurations: entry is not a file path, and kustomize refuses the kustomization — name a transformer config file relative to it');
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      problem('skipped', `kustomize downloads the transformer config ${entry}, which docker-pin does not read: ${asWritten} — keep a copy beside the kustomization and name that`);
      continue;
    }
    const path = isAbsolute(entry) ? entry : join(dir, entry);
    const real = await files.realpath(path).catch(() => undefined);
    if (real === undefined) {
      problem('unresolved', `the transformer config ${entry} does not exist, so kustomize cannot build this kustomization and ${asWritten} — fix the path or remove the entry`);
      continue;
    }
    if (!isInside(root, real)) {
      problem('unresolved', `the transformer config ${entry} is outside the repository, so docker-pin does not read it: ${asWritten} — keep it in the repository`);
      continue;
    }
    const text = (await files.isFile(real)) ? await files.readText(real).catch(() => undefined) : undefined;
    if (text === undefined) {
      problem('unresolved', `the transformer config ${entry} cannot be read as a file, so ${asWritten} — name a readable transformer config file`);
      continue;
    }
    const read = imageFieldSpecs(text);
    if ('error' in read) {
      problem('invalid', `kustomize refuses the transformer config ${entry}: ${read.error}; until it is fixed ${asWritten}`);
      continue;
    }
    fieldSpecs.push(...read.specs);
  }
  return { fieldSpecs, configurations };
}

/** `images` as they act with the image field specs `specs` (their kustomization's, its bases' and components'). */
export function withFieldSpecs(images: readonly KustomizeStep[], specs: readonly ImageFieldSpec[]): KustomizeStep[] {
  if (specs.length === 0) return [...images];
  const unique = [...new Map(specs.map((spec) => [JSON.stringify(spec), spec])).values()];
  return images.map((step) => ({ ...step, fieldSpecs: unique }));
}
