// What every suite returns: named figures, some with a target and whether this run met it.

export interface Measure {
  /** The key in bench/results.json. */
  measure: string;
  value: number;
  /** The budget in words, e.g. "≥ 0.8" (DESIGN.md §9). */
  target?: string;
  met?: boolean;
}

export interface Suite {
  name: string;
  run(): Promise<Measure[]>;
}
