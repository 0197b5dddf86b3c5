/**
 * Flap control, as a pure function: one observation in, the next state out.
 *
 * - A breach (value past the fail line) counts towards `fireAfter`; until then the state stays
 *   what it was (pending). Reaching it fires: `alert` (an incident opens).
 * - A good run counts towards `resolveAfter`; an alert resolves only after that many good runs in a
 *   row (hysteresis).
 * - `recent` keeps the last `flapWindow` observations (1 = breach, 0 = good). When the breach flag
 *   flips `flapThreshold` times or more inside it, the state is `flapping`: it notifies once and
 *   opens/resolves nothing until the metric settles (flips < half the threshold).
 * - Too small a sample gives `no_data` and touches neither streak nor window.
 */
import { breaches } from "./metrics";
import type { GuardrailSpec, GuardrailStateName, Level } from "./types";

export interface StoredState {
  state: GuardrailStateName;
  breachStreak: number;
  okStreak: number;
  recent: number[];
}

export const INITIAL_STATE: StoredState = { state: "ok", breachStreak: 0, okStreak: 0, recent: [] };

export type Effect = "fire" | "breach_again" | "resolve" | "start_flapping" | "stop_flapping" | null;

export interface Transition {
  next: StoredState;
  level: Level;
  /** what the caller must do about incidents and notifications */
  effect: Effect;
  /** fireAfter not reached yet */
  pending: boolean;
}

export interface Reading {
  value: number | null;
  n: number;
  low: number | null;
  high: number | null;
}

/** The level one reading is at, before flap control. */
export function levelOf(g: Pick<GuardrailSpec, "op" | "warn" | "fail" | "minSamples" | "requireSignificance">, r: Reading): Level {
  if (r.value === null || r.n < g.minSamples) return "no_data";
  const past = (threshold: number) => {
    if (!breaches(g.op, r.value!, threshold)) return false;
    if (!g.requireSignificance || r.low === null || r.high === null) return true;
    // statistically clear: the whole interval is past the line, not just the point estimate
    return g.op.startsWith(">") ? breaches(g.op, r.low, threshold) : breaches(g.op, r.high, threshold);
  };
  if (past(g.fail)) return "alert";
  if (g.warn !== null && past(g.warn)) return "warning";
  return "ok";
}

function flips(recent: number[]): number {
  let k = 0;
  for (let i = 1; i < recent.length; i++) if (recent[i] !== recent[i - 1]) k++;
  return k;
}

export function transition(g: GuardrailSpec, prev: StoredState, reading: Reading): Transition {
  const level = levelOf(g, reading);
  if (g.paused) return { next: { ...prev, state: "paused" }, level, effect: null, pending: false };
  if (level === "no_data") {
    // an open alert stays open: missing data is not evidence that things are fine
    const state = prev.state === "alert" || prev.state === "flapping" ? prev.state : "no_data";
    return { next: { ...prev, state }, level, effect: null, pending: false };
  }
  const breach = level === "alert" ? 1 : 0;
  const recent = [...prev.recent, breach].slice(-g.flapWindow);
  // capped at what a decision needs, so a steady guardrail's state row stops changing
  const breachStreak = breach ? Math.min(prev.breachStreak + 1, g.fireAfter) : 0;
  const okStreak = breach ? 0 : Math.min(prev.okStreak + 1, g.resolveAfter);
  const nFlips = flips(recent);
  const wasAlert = prev.state === "alert";
  const base = { breachStreak, okStreak, recent };

  if (prev.state === "flapping") {
    if (nFlips >= Math.ceil(g.flapThreshold / 2)) return { next: { ...base, state: "flapping" }, level, effect: null, pending: false };
    // settled: fall back to what the streaks say, without notifying the fall-back itself
    const state: GuardrailStateName = breachStreak >= g.fireAfter ? "alert" : level === "warning" ? "warning" : "ok";
    return { next: { ...base, state }, level, effect: state === "alert" ? "fire" : "stop_flapping", pending: false };
  }
  if (nFlips >= g.flapThreshold) return { next: { ...base, state: "flapping" }, level, effect: "start_flapping", pending: false };

  if (breach) {
    if (wasAlert) return { next: { ...base, state: "alert" }, level, effect: "breach_again", pending: false };
    if (breachStreak >= g.fireAfter) return { next: { ...base, state: "alert" }, level, effect: "fire", pending: false };
    const state = prev.state === "paused" || prev.state === "no_data" ? "ok" : prev.state;
    return { next: { ...base, state }, level, effect: null, pending: true };
  }
  if (wasAlert) {
    if (okStreak >= g.resolveAfter) return { next: { ...base, state: level === "warning" ? "warning" : "ok" }, level, effect: "resolve", pending: false };
    return { next: { ...base, state: "alert" }, level, effect: null, pending: false };
  }
  return { next: { ...base, state: level === "warning" ? "warning" : "ok" }, level, effect: null, pending: false };
}
