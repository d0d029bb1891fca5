/**
 * Beat timelines for the synthetic ECG: when each beat's R peak falls and what kind of beat it is.
 * Sinus rhythm carries heart-rate variability from respiratory sinus arrhythmia (0.25 Hz) and Mayer waves
 * (0.1 Hz), the two spectral peaks that McSharry's ECGSYN models (McSharry et al., IEEE TBME 50(3), 2003);
 * atrial fibrillation has independent, irregular RR intervals.
 */
import type { SeededRandom } from "./random.js";

/** The rhythm underlying a synthetic ECG. */
export type SimulatedRhythm = "sinus" | "af";

/** One beat of a timeline: R-peak time in seconds, kind ("N" supraventricular, "V" premature ventricular). */
export interface TimedBeat {
  time: number;
  kind: "N" | "V";
  /** RR interval in seconds that precedes this beat (its morphology scales with it). */
  rr: number;
}

export interface RhythmSpec {
  rhythm: SimulatedRhythm;
  /** Mean heart rate, beats per minute. */
  heartRate: number;
  /** Standard deviation of the instantaneous heart rate in sinus rhythm, beats per minute. */
  heartRateStd: number;
  /** Fraction of beats (0-1) replaced by premature ventricular beats. */
  pvcFraction: number;
  /** Time of the first R peak, seconds. */
  firstBeat: number;
  /** No beat is placed at or after this time, seconds. */
  end: number;
}

const shortestRr = 0.25; // s: a ventricular rate above 240 bpm is not simulated
const afRrVariation = 0.2; // coefficient of variation of RR in atrial fibrillation (typical 0.15-0.3)
const pvcCoupling = 0.6; // premature ventricular beat at 60 % of the sinus RR

/** Returns the beats of a timeline, ascending in time, first at spec.firstBeat, all before spec.end. */
export function beatTimeline(spec: RhythmSpec, rng: SeededRandom): TimedBeat[] {
  const meanRr = 60 / spec.heartRate;
  const underlying = spec.rhythm === "af" ? afTimes(spec, meanRr, rng) : sinusTimes(spec, meanRr, rng);
  return withPrematureVentricularBeats(underlying, spec.pvcFraction, meanRr, rng);
}

function sinusTimes(spec: RhythmSpec, meanRr: number, rng: SeededRandom): number[] {
  // Heart-rate SD (bpm) to RR SD (s): d(60/HR) = 60 dHR / HR^2.
  const rrStd = (60 * spec.heartRateStd) / spec.heartRate ** 2;
  // Variance split 50 % respiratory, 30 % Mayer, 20 % white; a sinusoid of amplitude A has SD A/sqrt(2).
  const respiratory = Math.sqrt(2 * 0.5) * rrStd;
  const mayer = Math.sqrt(2 * 0.3) * rrStd;
  const white = Math.sqrt(0.2) * rrStd;
  const respiratoryHz = rng.between(0.2, 0.3);
  const respiratoryPhase = rng.between(0, 2 * Math.PI);
  const mayerPhase = rng.between(0, 2 * Math.PI);
  const times: number[] = [];
  for (let t = spec.firstBeat; t < spec.end; ) {
    times.push(t);
    const rr =
      meanRr +
      respiratory * Math.sin(2 * Math.PI * respiratoryHz * t + respiratoryPhase) +
      mayer * Math.sin(2 * Math.PI * 0.1 * t + mayerPhase) +
      white * rng.normal();
    t += Math.max(shortestRr, rr);
  }
  return times;
}

function afTimes(spec: RhythmSpec, meanRr: number, rng: SeededRandom): number[] {
  const times: number[] = [];
  for (let t = spec.firstBeat; t < spec.end; ) {
    times.push(t);
    const rr = meanRr * (1 + afRrVariation * rng.normal());
    t += Math.min(2 * meanRr, Math.max(shortestRr, rr));
  }
  return times;
}

function withPrematureVentricularBeats(
  times: number[],
  fraction: number,
  meanRr: number,
  rng: SeededRandom,
): TimedBeat[] {
  const beats: TimedBeat[] = [];
  let previous = Number.NaN;
  for (let i = 0; i < times.length; i++) {
    const last = beats[beats.length - 1];
    // The beat after a premature one is never premature, and the first beat has no RR to shorten.
    const premature = i > 0 && last?.kind !== "V" && fraction > 0 && rng.uniform() < fraction;
    if (premature) {
      const time = previous + pvcCoupling * (times[i] - previous);
      beats.push({ time, kind: "V", rr: time - previous });
      // NOTE: the sinus beat it replaces is dropped, leaving the full compensatory pause to the next one.
      continue;
    }
    const rr = last ? times[i] - last.time : meanRr;
    beats.push({ time: times[i], kind: "N", rr });
    previous = times[i];
  }
  return beats;
}
