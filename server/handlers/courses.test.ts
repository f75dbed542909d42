// courses.list is what every student's dashboard asks for: its cost must not grow with the bank, or
// a script asking for it 20 times a second from each of its connections holds the event loop (a
// 20,000-question bank made each call walk 20,000 questions, about 1 ms).
import { jest } from '@jest/globals';
import { withTestServer } from '../testing/harness.js';

const question = (course: string) => ({
  text: 'Which keyword declares a constant?',
  options: ['var', 'let', 'const'],
  answer: 'C',
  concept: 'Variables',
  difficulty: 'Easy',
  course,
});

test('courses.list counts stay right through create, move, delete and import, without walking the bank', () =>
  withTestServer({}, async (s) => {
    const admin = await s.user('admin');
    const student = await s.user('student');
    const counts = async () =>
      Object.fromEntries(
        ((await s.call(student, 'courses.list')) as { course: string; questions: number }[]).map((c) => [
          c.course,
          c.questions,
        ]),
      );
    const before = await counts();
    const a = await s.call(admin, 'questions.create', question('NEW1'));
    await s.call(admin, 'questions.create', question('NEW1'));
    expect(await counts()).toEqual({ ...before, NEW1: 2 });
    await s.call(admin, 'questions.update', { ...a, ...question('NEW2') }); // moved to another course
    expect(await counts()).toEqual({ ...before, NEW1: 1, NEW2: 1 });
    const b = (await s.call(admin, 'questions.list', { course: 'NEW1' }))[0];
    await s.call(admin, 'questions.delete', { id: b.id, version: b.version });
    await s.call(admin, 'questions.import', {
      csv: 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q1?,a|b,A,c,Easy,NEW3\n,Q2?,a|b,A,c,Easy,NEW3\n',
    });
    // NEW1 lost its last question and has no exam settings: it is no longer a course.
    expect(await counts()).toEqual({ ...before, NEW2: 1, NEW3: 2 });

    const bank = s.app.db.model.questions;
    const walks = [
      jest.spyOn(bank, 'values'),
      jest.spyOn(bank, 'entries'),
      jest.spyOn(bank, 'forEach'),
      jest.spyOn(bank, Symbol.iterator),
    ];
    for (let i = 0; i < 50; i++) await s.call(student, 'courses.list');
    for (const w of walks) expect(w).not.toHaveBeenCalled();
  }));
