// The slice of @u4/opencv4nodejs that detector.ts uses, declared here rather than imported so the
// project still type-checks and builds when the optional binding is not installed.
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
  readonly empty: boolean;
  bgrToGray(): Mat;
  resize(rows: number, cols: number, fx?: number, fy?: number, interpolation?: number): Mat;
  equalizeHist(): Mat;
  getRegion(r: unknown): Mat;
  absdiff(other: Mat): Mat;
  threshold(thresh: number, maxVal: number, type: number): Mat;
  countNonZero(): number;
  getData(): Buffer;
  matchTemplate(template: Mat, method: number): Mat;
  at(row: number, col: number): number;
  warpAffine(m: Mat, size: unknown, flags: number, borderMode: number): Mat;
}
export interface CascadeClassifier {
  detectMultiScale(
    img: Mat,
    scaleFactor: number,
    minNeighbors: number,
    flags: number,
    minSize: unknown,
    maxSize: unknown,
  ): {
    objects: { x: number; y: number; width: number; height: number }[];
  };
}
export interface VideoCapture {
  read(): Mat;
  get(prop: number): number;
  release(): void;
}
export interface Cv {
  CascadeClassifier: new (path: string) => CascadeClassifier;
  VideoCapture: new (source: string | number) => VideoCapture;
  Size: new (w: number, h: number) => unknown;
  Rect: new (x: number, y: number, w: number, h: number) => unknown;
  Point2: new (x: number, y: number) => unknown;
  getRotationMatrix2D(center: unknown, angle: number, scale: number): Mat;
  imread(path: string): Mat;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  INTER_AREA: number;
  INTER_LINEAR: number;
  BORDER_REPLICATE: number;
  THRESH_BINARY: number;
  TM_CCOEFF_NORMED: number;
  CAP_PROP_POS_MSEC: number;
}
