import { spanMs } from '../rules/index.ts';
import type { Entry } from './entry.ts';
import type { EntryPolicy } from './model.ts';

/** Whether a customer whose latest entry into the journey is `latest` (or none) may enter again now. */
export function mayEnter(policy: EntryPolicy, latest: Entry | undefined, now: number): boolean {
  if (!latest) return true;
  switch (policy.mode) {
    case 'once':
      return false;
    case 'one-at-a-time':
      return latest.status === 'ended';
    case 'cooldown':
      return latest.status === 'ended' && now >= latest.enteredAt + spanMs(policy.cooldown);
  }
}
