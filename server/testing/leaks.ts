// The answer-leak scan shared by the exam tests: every object in a response that carries the key
// (`answer`, `CorrectAnswer`) or, with `correct: true`, right/wrong too, with the path to it.
export function answersIn(
  value: unknown,
  path = '$',
  opts: { correct?: boolean } = {},
): { path: string; holder: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => answersIn(v, `${path}[${i}]`, opts));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const hit = 'answer' in obj || 'CorrectAnswer' in obj || (opts.correct === true && 'correct' in obj);
    const own = hit ? [{ path, holder: obj }] : [];
    return [...own, ...Object.entries(obj).flatMap(([k, v]) => answersIn(v, `${path}.${k}`, opts))];
  }
  return [];
}
