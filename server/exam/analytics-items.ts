// Item analysis with Moodle's quiz statistics definitions (pure, no I/O).
// https://docs.moodle.org/dev/Quiz_statistics_calculations
//   facility                 F  = mean(x) / max(x)                       (reported as a percentage)
//   discrimination index     DI = 100 * Cov(x, Y) / sqrt(V(x) * V(Y))
//   discriminative efficiency DE = 100 * Cov(x, Y) / CovMax(x, Y)
// where x is the mark on this item, Y the mark on the rest of the test (total minus x), every
// variance and covariance uses the (s - 1) denominator, and CovMax is Cov computed after sorting x
// and Y ascending independently (the largest covariance those marks could have).

/** Flag thresholds (Moodle highlights these two cases). */
export const ITEM_FLAGS = { minEfficiency: 15 } as const;

export interface ItemMoments {
  /** Number of attempts that contained the item (Moodle's s). */
  s: number;
  /** Mean item mark / max item mark, as a percentage; null when s = 0. */
  facility: number | null;
  /** Standard deviation of the item mark / max mark, as a percentage; null when s < 2. */
  sd: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  /** Why the indices are null, in words an admin understands; absent when they are defined. */
  note?: string;
}

// Below this a variance is float noise, not spread (marks are small integers or simple fractions).
const EPS = 1e-12;

/**
 * Computes the item statistics from paired marks: x[i] is the item mark and y[i] the rest-of-test
 * mark in the i-th attempt that contained the item. O(s log s) for the CovMax sort.
 */
export function itemMoments(x: Float64Array, y: Float64Array, maxMark = 1): ItemMoments {
  const s = x.length;
  if (s === 0) {
    return {
      s,
      facility: null,
      sd: null,
      discriminationIndex: null,
      discriminativeEfficiency: null,
      note: 'never attempted',
    };
  }
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < s; i++) {
    sumX += x[i];
    sumY += y[i];
  }
  const meanX = sumX / s;
  const meanY = sumY / s;
  const facility = (100 * meanX) / maxMark;
  if (s < 2) {
    return {
      s,
      facility,
      sd: null,
      discriminationIndex: null,
      discriminativeEfficiency: null,
      note: 'fewer than 2 attempts contain this question',
    };
  }
  // Two-pass sums: exact for 0/1 marks and stable for thousands of attempts.
  let vx = 0;
  let vy = 0;
  let cov = 0;
  for (let i = 0; i < s; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    vx += dx * dx;
    vy += dy * dy;
    cov += dx * dy;
  }
  vx /= s - 1;
  vy /= s - 1;
  cov /= s - 1;
  // A covariance of 1e-17 is rounding, not a (negative) discrimination to flag.
  if (Math.abs(cov) <= EPS) cov = 0;
  const sd = (100 * Math.sqrt(vx)) / maxMark;
  if (vx <= EPS) {
    const note =
      meanX >= maxMark
        ? 'every attempt got this question right'
        : meanX <= 0
          ? 'every attempt got this question wrong'
          : 'every attempt got the same mark on this question';
    return { s, facility, sd, discriminationIndex: null, discriminativeEfficiency: null, note };
  }
  if (vy <= EPS) {
    return {
      s,
      facility,
      sd,
      discriminationIndex: null,
      discriminativeEfficiency: null,
      note: 'every attempt scored the same on the rest of the test',
    };
  }
  const covMax = sortedCovariance(x, y, meanX, meanY);
  return {
    s,
    facility,
    sd,
    discriminationIndex: (100 * cov) / Math.sqrt(vx * vy),
    discriminativeEfficiency: covMax > EPS ? (100 * cov) / covMax : null,
  };
}

/** Cov(x, Y) with x and Y each sorted ascending (Moodle's CovMax), (s - 1) denominator. */
function sortedCovariance(x: Float64Array, y: Float64Array, meanX: number, meanY: number): number {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  let c = 0;
  for (let i = 0; i < xs.length; i++) c += (xs[i] - meanX) * (ys[i] - meanY);
  return c / (xs.length - 1);
}

export interface ItemFlag {
  reason: string;
}

/** Moodle's two warnings: efficiency under 15 %, or a negative index (the item misleads good students). */
export function itemFlags(m: ItemMoments): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (m.discriminationIndex !== null && m.discriminationIndex < 0) {
    flags.push({
      reason: `negative discrimination index (${m.discriminationIndex.toFixed(1)}): students who did better on the rest of the test got this question wrong more often; check the answer key and wording`,
    });
  }
  if (m.discriminativeEfficiency !== null && m.discriminativeEfficiency < ITEM_FLAGS.minEfficiency) {
    flags.push({
      reason: `discriminative efficiency ${m.discriminativeEfficiency.toFixed(1)}% is under ${ITEM_FLAGS.minEfficiency}%: this question barely separates stronger from weaker students`,
    });
  }
  return flags;
}
