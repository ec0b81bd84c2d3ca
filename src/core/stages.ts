// Build stages. A name or index that refers to a stage is built, not pulled, so it is never
// resolved or pinned. BuildKit compares stage names in lowercase.

export class Stages {
  /**
   * Lowercased stage name → index of the first stage with that name. One lookup answers both
   * questions below, however many stages a file has (a generated file may have thousands).
   */
  private readonly firstIndex = new Map<string, number>();

  /** `names`: each stage's `AS name` in order; undefined for a stage without one. */
  constructor(names: readonly (string | undefined)[]) {
    names.forEach((name, index) => {
      const key = name?.toLowerCase();
      if (key !== undefined && !this.firstIndex.has(key)) this.firstIndex.set(key, index);
    });
  }

  /** A `FROM` can only build on a stage declared before it (stage `index` is the FROM's own). */
  isEarlierStage(name: string, index: number): boolean {
    const first = this.firstIndex.get(name.toLowerCase());
    return first !== undefined && first < index;
  }

  /**
   * `COPY --from` and `RUN --mount=from=` take a stage name or a stage index. Any stage name counts
   * (not only earlier ones), so a misordered file is reported by the build, not pinned as an image.
   * A bare number is always an index for BuildKit, even when no such stage exists.
   */
  isStageReference(name: string): boolean {
    return /^\d+$/.test(name) || this.firstIndex.has(name.toLowerCase());
  }
}
