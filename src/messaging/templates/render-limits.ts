import { DEFAULT_LIQUID_LIMITS, type LiquidLimits } from './liquid-engine.ts';

/** What one render may cost and produce: a template must never stall or flood the sender. */
export type RenderLimits = LiquidLimits & {
  /** The largest email (HTML and text parts together), in bytes of UTF-8. */
  emailBytes: number;
  /** The longest subject, in characters (RFC 5322 lines stop at 998). */
  subjectChars: number;
  /** The longest SMS, in characters: ten concatenated GSM-7 segments, what most carriers still deliver. */
  smsChars: number;
  /** The largest webhook body, in bytes of UTF-8 JSON. */
  webhookBytes: number;
  /** How many templates' parsed Liquid the renderer keeps. */
  cacheSize: number;
};

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  ...DEFAULT_LIQUID_LIMITS,
  emailBytes: 512 * 1024,
  subjectChars: 998,
  smsChars: 1_600,
  webhookBytes: 256 * 1024,
  cacheSize: 500,
};
