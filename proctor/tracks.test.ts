import { isSecondFace, matchFaces, onBodyOf, sameFace, updateTracks, type Box, type Track } from './tracks.js';

const box = (x: number, y: number, w: number): Box => ({ x, y, width: w, height: w });
const track = (b: Box, hits = 3, missed = 0): Track<string> => ({ box: b, hits, missed, template: 't' });
const RULE = { holdFrames: 3, minHitsToHold: 2 };

describe('face tracks', () => {
  test('the same face: close centres and similar sizes; a small face beside a large one is another face', () => {
    expect(sameFace(box(100, 100, 100), box(120, 90, 110))).toBe(true);
    expect(sameFace(box(100, 100, 100), box(10, 10, 40))).toBe(false);
    expect(sameFace(box(100, 100, 100), box(130, 130, 40))).toBe(false); // inside but a quarter the size
  });

  test('faces are matched to their tracks; an unmatched face is new, duplicates of one new face count once', () => {
    const a = track(box(100, 100, 100));
    const b = track(box(400, 20, 40));
    const { matched, fresh } = matchFaces([a, b], [box(105, 98, 100), box(20, 300, 30), box(22, 302, 31)]);
    expect(matched.get(a)).toEqual(box(105, 98, 100));
    expect(matched.has(b)).toBe(false);
    expect(fresh).toEqual([box(22, 302, 31)]);
  });

  test('a face not found is held while in place, at most holdFrames, and dropped at once when its region changed', () => {
    let tracks = [track(box(100, 100, 100))];
    for (let i = 1; i <= 3; i++) {
      tracks = updateTracks(tracks, new Map(), [], RULE, () => true);
      expect(tracks).toHaveLength(1);
      expect(tracks[0].missed).toBe(i);
    }
    expect(updateTracks(tracks, new Map(), [], RULE, () => true)).toHaveLength(0); // held long enough
    expect(updateTracks([track(box(100, 100, 100))], new Map(), [], RULE, () => false)).toHaveLength(0); // the person left
  });

  test('a face seen once is not held (one false detection is not a person), a found face is refreshed', () => {
    const once = track(box(10, 10, 30), 1);
    expect(updateTracks([once], new Map(), [], RULE, () => true)).toHaveLength(0);
    const t = track(box(100, 100, 100), 2, 2);
    const [u] = updateTracks([t], new Map([[t, box(104, 100, 98)]]), [], RULE, () => false);
    expect(u).toMatchObject({ box: box(104, 100, 98), hits: 3, missed: 0 });
  });

  test('new faces become tracks with one hit, unless a kept track already covers them', () => {
    const t = track(box(100, 100, 100));
    const out = updateTracks(
      [t],
      new Map([[t, box(100, 100, 100)]]),
      [box(102, 101, 99), box(500, 20, 40)],
      RULE,
      () => true,
    );
    expect(out.map((x) => [x.box.x, x.hits])).toEqual([
      [100, 4],
      [500, 1],
    ]);
  });

  test('a face smaller than another followed face is a second face; the largest, or one alone, is not', () => {
    const student = track(box(100, 100, 140));
    const second = track(box(400, 20, 36));
    expect(isSecondFace(second, [student, second])).toBe(true);
    expect(isSecondFace(student, [student, second])).toBe(false);
    expect(isSecondFace(second, [second])).toBe(false); // the student left: the one face there is followed as usual
  });

  test("a small face on the student's chest is their clothes; beside their head, in a corner, or as large is a person", () => {
    const student = box(170, 85, 140); // chin at y 225
    expect(onBodyOf(box(125, 280, 50), student)).toBe(true); // the astronaut's suit (fresh set)
    expect(onBodyOf(box(40, 250, 70), student)).toBe(false); // a 1/2-size face in the bottom-left corner
    expect(onBodyOf(box(330, 60, 50), student)).toBe(false); // beside the head
    expect(onBodyOf(box(200, 260, 100), student)).toBe(false); // nearly as large: someone leaning in
  });
});
