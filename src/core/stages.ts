// Build stages. A name or index that refers to a stage is built, not pulled, so it is never
// resolved or pinned. BuildKit compares stage names in lowercase.

export class Stages {
  /** Lowercased name of each stage in order; undefined for a stage without `AS name`. */
  private readonly names: readonly (string | undefined)[];

  constructor(names: readonly (string | undefined)[]) {
    this.names = names.map((name) => name?.toLowerCase());
  }

  /** A `FROM` can only build on a stage declared before it (stage `index` is the FROM's own). */
  isEarlierStage(name: string, index: number): boolean {
    return this.names.slice(0, index).includes(name.toLowerCase());
  }

  /**
   * `COPY --from` and `RUN --mount=from=` take a stage name or a stage index. Any stage name counts
   * (not only earlier ones), so a misordered file is reported by the build, not pinned as an image.
   * A bare number is always an index for BuildKit, even when no such stage exists.
   */
  isStageReference(name: string): boolean {
    return /^\d+$/.test(name) || this.names.includes(name.toLowerCase());
  }
}
