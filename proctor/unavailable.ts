// What the proctor says when the OpenCV binding, a camera or the cascade is missing. Plain data and
// an error class, no OpenCV, so a caller can name them without loading the binding; detector.ts
// re-exports them.

/** Exit status of `pandaproctor proctor` when the binding, camera or cascade is missing. */
export const EXIT_UNAVAILABLE = 3;

/** Something the proctor needs is missing; `message` is one line saying what and how to fix it. */
export class ProctorUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProctorUnavailable';
  }
}

export const INSTALL_HINT =
  'run `apt-get install -y libopencv-dev && OPENCV4NODEJS_DISABLE_AUTOBUILD=1 npm install @u4/opencv4nodejs`';
