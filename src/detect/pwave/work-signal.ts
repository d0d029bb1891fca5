/**
 * The P-wave delineator's own front end: the lead decimated by block means to about 125 Hz, invalid samples
 * filled, then low-passed at 20 Hz forward and backward (zero phase).
 *
 * NOTE: P waves carry almost no energy above 15 Hz, so 125 Hz resolves them; working there makes every later
 * step 2-8 times cheaper than at the recording rate, and the block mean costs one addition per input sample,
 * which keeps delineation far inside the front end's time budget (a full-rate filtfilt alone would not).
 * Sub-sample precision is recovered later by fitting continuous models. The mapping back to input samples is
 * `fromWork`.
 */

/** The decimated, filtered lead that the delineator works on. */
export interface WorkSignal {
  /** Samples in mV at `fs`. */
  y: Float32Array;
  /** Sampling rate of y, Hz (input rate / step). */
  fs: number;
  /** Input samples per work sample. */
  step: number;
  /** Input-sample position of work sample 0 (the centre of its block). */
  origin: number;
}

const targetHz = 125;
const lowpassHz = 20;

/** Returns the work signal of a lead sampled at fs Hz (NaN and infinite samples are treated as missing). */
export function workSignal(signal: Float32Array, fs: number): WorkSignal {
  const step = Math.max(1, Math.round(fs / targetHz));
  const n = Math.floor(signal.length / step);
  const y = new Float32Array(n);
  const scale = 1 / step;
  // NOTE: sum - sum is 0 for a finite sum and NaN otherwise, so `poison` flags any NaN or infinite sample
  // without a test per sample; only then does the slow path run.
  let poison = 0;
  for (let j = 0, k = 0; j < n; j++) {
    let sum = 0;
    const end = k + step;
    while (k < end) sum += signal[k++];
    y[j] = sum * scale;
    poison += sum - sum;
  }
  const missing = poison !== 0;
  if (missing) for (let j = 0; j < n; j++) y[j] = meanOfFinite(signal, j * step, step);
  if (missing) fillMissing(y);
  if (n > 0) lowpassForwardBackward(y, lowpassHz / (fs / step));
  return { y, fs: fs / step, step, origin: (step - 1) / 2 };
}

/** Returns the work-signal index nearest to input sample i, clamped to the work signal. */
export function toWork(w: WorkSignal, i: number): number {
  return Math.min(w.y.length - 1, Math.max(0, Math.round((i - w.origin) / w.step)));
}

/** Returns the input-sample position (fractional) of work position x. */
export function fromWork(w: WorkSignal, x: number): number {
  return x * w.step + w.origin;
}

function meanOfFinite(signal: Float32Array, from: number, count: number): number {
  let sum = 0;
  let finite = 0;
  for (let k = from; k < from + count; k++) {
    if (Number.isFinite(signal[k])) {
      sum += signal[k];
      finite++;
    }
  }
  return finite > 0 ? sum / finite : Number.NaN;
}

// Missing samples take the last valid value before them (the first valid one at the start; 0 if none).
function fillMissing(y: Float32Array): void {
  let last = y.find(Number.isFinite) ?? 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) y[i] = last;
    else last = y[i];
  }
}

/**
 * Filters y in place through a 2nd-order Butterworth low-pass (cut-off `relativeHz` cycles per sample, bilinear
 * transform with pre-warping) forward then backward, each pass starting in the steady state of its first sample.
 */
function lowpassForwardBackward(y: Float32Array, relativeHz: number): void {
  const w0 = 2 * Math.PI * Math.min(relativeHz, 0.45);
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (1 - cos) / 2 / a0;
  const b1 = (1 - cos) / a0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  const n = y.length;
  for (const step of [1, -1]) {
    const first = step === 1 ? 0 : n - 1;
    // A low-pass has unit DC gain, so the steady state for a constant input is that input everywhere.
    let x1 = y[first];
    let x2 = x1;
    let y1 = x1;
    let y2 = x1;
    for (let k = 0, i = first; k < n; k++, i += step) {
      const x0 = y[i];
      const out = b0 * x0 + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = out;
      y[i] = out;
    }
  }
}
