// IdGenerator with readable, predictable ids: id-1, id-2, … and "derived:<key>" for a natural key.
import type { IdGenerator } from '#ports/id-generator';

export class CounterIdGenerator implements IdGenerator {
  private count = 0;

  newId(): string {
    this.count += 1;
    return `id-${this.count}`;
  }

  idFor(naturalKey: string): string {
    return `derived:${naturalKey}`;
  }
}
