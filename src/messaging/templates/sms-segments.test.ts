import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsSegments } from './sms-segments.ts';

test('GSM-7: 160 septets in one segment, then parts of 153; extension characters cost two', () => {
  assert.deepEqual(smsSegments(''), { encoding: 'GSM-7', units: 0, segments: 0 });
  assert.deepEqual(smsSegments('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1 });
  assert.deepEqual(smsSegments('a'.repeat(161)), { encoding: 'GSM-7', units: 161, segments: 2 });
  assert.deepEqual(smsSegments('a'.repeat(306)), { encoding: 'GSM-7', units: 306, segments: 2 });
  assert.deepEqual(smsSegments('a'.repeat(307)), { encoding: 'GSM-7', units: 307, segments: 3 });
  assert.deepEqual(smsSegments('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 });
  // 152 septets then an escape pair: the pair moves whole into the second part.
  assert.deepEqual(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`).segments, 2);
  assert.equal(smsSegments('Grüße aus Köln, Ñ @ £5 {ü}').encoding, 'GSM-7');
});

test('UCS-2 once any character is outside GSM-7: 70 units, then parts of 67; emoji take two', () => {
  assert.deepEqual(smsSegments(`${'a'.repeat(69)}ç`), { encoding: 'UCS-2', units: 70, segments: 1 });
  assert.deepEqual(smsSegments(`${'a'.repeat(70)}ç`), { encoding: 'UCS-2', units: 71, segments: 2 });
  assert.deepEqual(smsSegments('😀'.repeat(35)), { encoding: 'UCS-2', units: 70, segments: 1 });
  // 66 units, then a surrogate pair that would straddle the part boundary: it starts the next part.
  assert.deepEqual(smsSegments(`${'ç'.repeat(66)}😀${'ç'.repeat(10)}`), {
    encoding: 'UCS-2',
    units: 78,
    segments: 2,
  });
  assert.equal(smsSegments('x'.repeat(134) + 'ç').segments, 3);
});
