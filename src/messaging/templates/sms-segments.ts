/**
 * GSM 03.38's basic character set and its extension table (each extension character costs two
 * septets: an escape and itself). Any other character sends the whole message as UCS-2.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export type SmsSegments = {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
};

/**
 * How many SMS segments a text is sent as. One segment holds 160 GSM-7 septets or 70 UCS-2 units; a
 * longer message is split into parts of 153 or 67 (the rest is the concatenation header), and an
 * extension character or a surrogate pair is never split across two parts.
 *
 * @example smsSegments('Hello') // { encoding: 'GSM-7', units: 5, segments: 1 }
 */
export function smsSegments(text: string): SmsSegments {
  const chars = [...text];
  const gsm = chars.every((c) => basic.has(c) || extension.has(c));
  const sizes = gsm ? chars.map((c) => (extension.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  const [single, part] = gsm ? [160, 153] : [70, 67];
  if (units === 0) return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: 0 };
  if (units <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments };
}
