// Drawing an attempt (pure, rng injected): `count` questions of the course in random order, each
// with its options shuffled, and the answer letter moved with its option, so the letter a student
// picks is graded against the option it shows.
import { CHOICES, type Question } from '../../protocol/messages.js';
import type { DrawnItem } from '../store/attempts.js';

/** Returns an integer in [0, n). */
export type Rng = (n: number) => number;

export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function drawItems(bank: readonly Question[], count: number, rng: Rng): DrawnItem[] {
  return shuffle(bank, rng)
    .slice(0, count)
    .map((q) => {
      const order = shuffle(
        q.options.map((_, i) => i),
        rng,
      );
      const correctIndex = CHOICES.indexOf(q.answer);
      return {
        id: q.id,
        text: q.text,
        options: order.map((i) => q.options[i]),
        answer: CHOICES[order.indexOf(correctIndex)],
        concept: q.concept,
        difficulty: q.difficulty,
        version: q.version,
      };
    });
}
