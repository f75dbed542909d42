// `pandaproctor proctor`: frames -> face detector -> presence state machine -> one JSON
// PresenceEvent per line on stdout (PROTOCOL.md 6). Diagnostics go to stderr, one line each.
// Exit status: 0 the source ended or we were stopped, 2 usage, 3 unavailable (binding, camera or
// cascade missing: the line on stderr says how to fix it), 1 anything else.
import { parseArgs as nodeParseArgs } from 'node:util';
import { argsErrorMessage } from '../common/args-error.js';
import type { PresenceEvent } from '../protocol/messages.js';
import { LBP_PARAMS } from '../protocol/face-template.js';
import type { Mat } from './detector.js';
import { IdentitySampler } from './identity-sampler.js';
import { PRESENCE_THRESHOLDS } from './limits.js';
import { PresenceMachine } from './presence.js';
import { frames, parseSource, SourceMissing, type SourceSpec } from './source.js';

// Lines stay within 80 columns (tested): the help is read in the same 80x24 terminal as the client.
export const USAGE = `Usage: pandaproctor proctor --source camera:N | video:PATH | images:DIR [...]

Watches a webcam (or a recording) with OpenCV Haar cascades and prints one JSON
presence event per line: {"seq","at","state","faces","fps"}, state one of
present, absent, multiple, camera-error.

Options:
  --source SRC     camera:0 (default), video:PATH (its own timestamps) or
                   images:DIR (image i, in name order, at i/fps s)
  --fps N          frames analysed per second (default 5)
  --cascade PATH   Haar cascade XML
                   (default cascades/haarcascade_frontalface_default.xml)
  --realtime       pace video/images at media speed (default: as fast as the
                   detector allows)
  --loop           video only: start again at the end (the demo's sample
                   video), media time running on
  --start-ms MS    proctor-clock time of media time 0 for video/images
                   (default 0)
  --identity       face verification: one {"enrol":[...]} line of templates
                   from the first good frames, and a "probe" template on
                   present events (templates only, never an image)
  --help           this text

Exit status: 0 done, 2 bad usage, 3 proctor unavailable (the stderr line says
what is missing and what to do), 1 error.
`;

export const UNAVAILABLE_PREFIX = 'proctor unavailable: ';

export interface ProctorArgs {
  source: SourceSpec;
  fps: number;
  cascade?: string;
  realtime: boolean;
  loop: boolean;
  startMs: number;
  identity: boolean;
}

export function parseArgs(argv: string[]): ProctorArgs | 'help' {
  let v;
  try {
    v = nodeParseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        fps: { type: 'string' },
        cascade: { type: 'string' },
        realtime: { type: 'boolean' },
        loop: { type: 'boolean' },
        identity: { type: 'boolean' },
        'start-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new Error(`${argsErrorMessage(err)}: see 'pandaproctor proctor --help'`);
  }
  if (v.help) return 'help';
  const out: ProctorArgs = {
    source: { kind: 'camera', index: 0 },
    fps: 5,
    realtime: v.realtime ?? false,
    loop: v.loop ?? false,
    startMs: 0,
    identity: v.identity ?? false,
  };
  if (v.source !== undefined) out.source = parseSource(v.source);
  if (v.fps !== undefined) {
    out.fps = Number(v.fps);
    if (!(out.fps > 0 && out.fps <= 60)) throw new Error('--fps must be a number in (0, 60], e.g. --fps 5');
  }
  if (v.cascade !== undefined) out.cascade = v.cascade;
  if (v['start-ms'] !== undefined) {
    out.startMs = Number(v['start-ms']);
    if (!Number.isSafeInteger(out.startMs) || out.startMs < 0)
      throw new Error('--start-ms must be a whole number of ms since the epoch');
  }
  return out;
}

/**
 * The proctor exits as soon as it is done rather than through Node's teardown: there a last garbage
 * collection destroys the cascades, and opencv4nodejs's allocator then reports the freed memory to
 * the V8 isolate being torn down and crashes (SIGSEGV in AdjustAmountOfExternalAllocatedMemory from
 * ~CascadeClassifier, in about one run in ten on a loaded machine), after all the output was right.
 */
export const exitAtOnce = true;

export async function run(argv: string[]): Promise<number> {
  let args: ProctorArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`pandaproctor proctor: ${(e as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const det = await import('./detector.js');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.stdout.on('error', onSignal); // the reader went away (EPIPE): stop quietly
  let ticker: NodeJS.Timeout | undefined;
  try {
    const detector = await det.FaceDetector.create(args.cascade ?? det.DEFAULT_CASCADE, det.TUNED);
    const machine = new PresenceMachine();
    const camera = args.source.kind === 'camera';
    // Cameras use the wall clock; files use media time shifted by --start-ms.
    const offset = camera ? 0 : args.startMs;
    const sampler = args.identity ? new IdentitySampler() : null;
    const print = (events: PresenceEvent[]) => {
      for (const raw of events) {
        const e = sampler ? sampler.attach(raw) : raw;
        const { probe, ...rest } = e;
        const line = {
          ...rest,
          at: Math.round(e.at + offset),
          ...(probe ? { probe: Buffer.from(probe).toString('base64') } : {}),
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
    };
    const observe = (at: number, frame: Mat): number => {
      const faces = detector.detect(frame);
      if (sampler && faces.length === 1 && faces[0].width >= 8 && faces[0].height >= 8 && sampler.wantsCrop(at)) {
        sampler.offer(at, det.faceCrop(detector, frame, faces[0], LBP_PARAMS.size), faces[0].width);
        const enrol = sampler.takeEnrolment();
        if (enrol)
          process.stdout.write(`${JSON.stringify({ enrol: enrol.map((t) => Buffer.from(t).toString('base64')) })}\n`);
      }
      return faces.length;
    };
    // A camera that hangs delivers no frames at all: time still passes for the state machine.
    if (camera) ticker = setInterval(() => print(machine.tick(Date.now())), PRESENCE_THRESHOLDS.silentTickMs);
    for await (const item of frames(args.source, {
      io: det.cvFrameIO,
      fps: args.fps,
      realtime: args.realtime,
      loop: args.loop,
      signal: stop.signal,
    })) {
      if ('error' in item) print(machine.observe(item));
      else print(machine.observe({ at: item.at, faces: observe(item.at, item.frame) }));
    }
    return 0;
  } catch (e) {
    if (e instanceof det.ProctorUnavailable || e instanceof SourceMissing) {
      process.stderr.write(`${UNAVAILABLE_PREFIX}${e.message}\n`);
      return det.EXIT_UNAVAILABLE;
    }
    throw e;
  } finally {
    if (ticker) clearInterval(ticker);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
