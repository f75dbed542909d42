// The question bank in memory: a Map by ID that also keeps how many questions each course has, so
// courses.list (every student's dashboard) costs the number of courses, not the size of the bank.
// The counts follow every set and delete, whoever makes them (an edit, an import applied in
// chunks, a test changing the bank directly).
import type { Question } from '../../protocol/messages.js';

export class Bank extends Map<string, Question> {
  private readonly counts = new Map<string, number>();

  // No entries argument: Map's constructor would call set() before `counts` exists.
  constructor() {
    super();
  }

  override set(id: string, q: Question): this {
    const old = super.get(id);
    if (old) this.add(old.course, -1);
    super.set(id, q);
    this.add(q.course, 1);
    return this;
  }

  override delete(id: string): boolean {
    const old = super.get(id);
    if (!old) return false;
    super.delete(id);
    this.add(old.course, -1);
    return true;
  }

  override clear(): void {
    super.clear();
    this.counts.clear();
  }

  /** Questions per course, courses with none left out. */
  courseCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  private add(course: string, n: number): void {
    const c = (this.counts.get(course) ?? 0) + n;
    if (c > 0) this.counts.set(course, c);
    else this.counts.delete(course);
  }
}
