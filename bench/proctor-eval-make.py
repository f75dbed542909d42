#!/usr/bin/python3
"""Writes the labelled evaluation of bench/proctor-eval.ts: one folder of 5 fps JPEG frames per
variant plus truth.json, composed from the clean-licence photographs of proctor/fixtures
(compose.py). Deterministic for a seed.
    /usr/bin/python3 bench/proctor-eval-make.py OUT_DIR
Every variant plays the same script (below): absences of 2.5 s and 2.0 s, a 2.5 s head turn, and
three several-faces intervals (a small second face at 1/2 of the student's face size, a tiny one at
1/4, and one of only 1.5 s at 1/3). The tuning set (seed 1) has the astronaut as the student and
Grace Hopper as the second person in the coffee room; the held-out set (seed 2) swaps the people,
uses another room and other corners, and is never used to choose parameters. The fresh set (seeds
3 and 4, added after the second round of tuning had looked at the held-out set) mixes people and
rooms the other way and sits the student further away (170 px face at 640) and closer (210 px), so
the small second faces are 32-39 px at the detector's 480 px; nobody tuned on it. The last set
(seeds 5 and 6, in a room no other set uses: Chelsea the cat) was made after the fresh set had
shown a false face on the student's clothes and a lost head turn, to check the change made for the
first without looking at it. The check set (seeds 7 and 8, the cat room again with other distances
and corners) was made before the head-turn round, which chose on the other sets, and was run once
after the choice."""
import json, os, sys
import cv2, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'proctor', 'fixtures'))
import compose as C

FPS = 5
STEP = 1000 // FPS
# (seconds, what): what = present | absent | turn | ('second', slot) with slot 0,1,2 below
SCRIPT = [
    (5.0, 'present'),
    (2.0, ('second', 0)),
    (2.5, 'present'),
    (2.5, 'absent'),
    (2.0, 'present'),
    (2.5, 'turn'),
    (2.5, 'present'),
    (2.0, ('second', 1)),
    (2.0, 'present'),
    (1.5, ('second', 2)),
    (2.5, 'present'),
    (2.0, 'absent'),
    (3.0, 'present'),
]
FRACS = (0.5, 0.25, 1 / 3)  # second face size per slot, as a fraction of the student's face

# seed: (student, second person, room, student face px at 640, corner rotation, set)
SETS = {
    1: ('astronaut', 'hopper', 'coffee', 190, 0, 'tune'),
    2: ('hopper', 'astronaut', 'camera', 190, 2, 'held'),
    3: ('astronaut', 'hopper', 'camera', 170, 1, 'fresh'),
    4: ('hopper', 'astronaut', 'coffee', 210, 3, 'fresh'),
    5: ('hopper', 'astronaut', 'chelsea', 180, 1, 'last'),
    6: ('astronaut', 'hopper', 'chelsea', 200, 3, 'last'),
    7: ('hopper', 'astronaut', 'chelsea', 195, 2, 'check'),
    8: ('astronaut', 'hopper', 'chelsea', 185, 0, 'check'),
}

def variants(seed):
    out = []
    rot = SETS[seed][4]
    for i, name in enumerate(C.CONDITIONS):
        corners = [C.CORNERS[(i + rot + k) % 4] for k in range(3)]
        out.append((name, name, corners))
    for j, corner in enumerate(C.CORNERS):
        for light in ('clean', 'low-light'):
            out.append((f'{corner}-{"good" if light == "clean" else "low"}-light', light, [corner] * 3))
    return out

def truth_state(what):
    if what == 'absent':
        return 'absent'
    if isinstance(what, tuple):
        return 'multiple'
    return 'present'  # a turned head is still the student

def make(out_dir, seed):
    main, second, room, face, _, kind = SETS[seed]
    scene = C.Scene(main, second, room, main_face=face)
    index = []
    for name, cond_name, corners in variants(seed):
        cond = C.CONDITIONS[cond_name]
        rng = np.random.default_rng([seed, len(index)])
        vid = f'{kind}-{name}' if kind in ('tune', 'held') else f'{kind}{seed}-{name}'
        d = os.path.join(out_dir, vid)
        os.makedirs(d, exist_ok=True)
        segments, t, n = [], 0, 0
        for secs, what in SCRIPT:
            ms = round(secs * 1000 / STEP) * STEP
            seg = {'startMs': t, 'endMs': t + ms, 'truth': truth_state(what),
                   'what': what if isinstance(what, str) else f'second face 1/{round(1 / FRACS[what[1]])} {corners[what[1]]}'}
            segments.append(seg)
            frames = ms // STEP
            for k in range(frames):
                # sway of a seated student plus a pixel or two of camera shake
                dx = 6 * np.sin(n / 7.0) + rng.integers(-2, 3)
                dy = 3 * np.sin(n / 11.0) + rng.integers(-2, 3)
                turn = 0.0
                if what == 'turn':  # ramps over 0.6 s, holds, returns over 0.6 s
                    ramp = max(1, round(600 / STEP))
                    turn = min(1.0, (k + 1) / ramp, (frames - k) / ramp)
                sec = (corners[what[1]], FRACS[what[1]]) if isinstance(what, tuple) else None
                f = scene.frame(rng, cond, present=what != 'absent', turn=turn, second=sec, dx=dx, dy=dy)
                cv2.imwrite(os.path.join(d, f'f{n:05d}.jpg'), f, [cv2.IMWRITE_JPEG_QUALITY, cond.get('jpeg', 92)])
                n += 1
            t += ms
        merged = {}
        for s in segments:
            if s['truth'] == 'present':
                continue
            lst = merged.setdefault(s['truth'], [])
            if lst and lst[-1][1] == s['startMs']:
                lst[-1][1] = s['endMs']
            else:
                lst.append([s['startMs'], s['endMs']])
        truth = {'variant': vid, 'heldOut': seed != 1, 'set': kind, 'mainFace': face, 'condition': cond_name, 'fps': FPS, 'frames': n,
                 'durationMs': t, 'main': main, 'second': second, 'room': room, 'segments': segments,
                 'absent': merged.get('absent', []), 'multiple': merged.get('multiple', [])}
        with open(os.path.join(d, 'truth.json'), 'w') as fh:
            json.dump(truth, fh, indent=1)
        index.append(vid)
    return index

if __name__ == '__main__':
    out = sys.argv[1]
    names = [n for seed in SETS for n in make(out, seed)]
    with open(os.path.join(out, 'index.json'), 'w') as fh:
        json.dump(names, fh)
    print(len(names), 'variants in', out)
