import type { Campaign, Channel } from './model.ts';

const paid = (source: string, name: string, weight: number, costPerVisit: number, runs?: Campaign['runs']) =>
  ({ campaign: { source, medium: 'cpc', name }, weight, costPerVisit, runs }) as Campaign;
const untagged = (referrer?: string): Campaign => ({ weight: 1, costPerVisit: 0, referrer });

/**
 * Channels of an online apparel store. Instagram ads with user content bring the most visitors at a
 * price, with lower intent and loyalty; search ads convert best; a friend's referral link brings the
 * most loyal buyers; seasonal campaigns run in their windows.
 */
export const APPAREL_CHANNELS: readonly Channel[] = [
  {
    key: 'paid_social',
    share: 0.3,
    intent: 0.85,
    loyalty: 0.8,
    value: 0.9,
    campaigns: [
      paid('instagram', 'ugc-reels', 3, 10.2),
      paid('instagram', 'fit-videos', 2, 11.5),
      paid('facebook', 'lookalike-buyers', 1.5, 8.4),
      paid('instagram', 'spring-drop', 4, 10.5, [3, 1, 4, 30]),
      paid('instagram', 'summer-sale', 5, 9.5, [6, 20, 7, 31]),
      paid('instagram', 'black-friday', 10, 13.7, [11, 20, 11, 30]),
      paid('instagram', 'holiday-gifts', 6, 12.6, [12, 1, 12, 22]),
    ],
  },
  {
    key: 'paid_search',
    share: 0.17,
    intent: 1.45,
    loyalty: 1,
    value: 1.1,
    campaigns: [paid('google', 'brand', 2, 5.2), paid('google', 'generic-dresses', 2, 15.8)],
  },
  {
    key: 'organic_search',
    share: 0.16,
    intent: 1.15,
    loyalty: 1.1,
    value: 1,
    campaigns: [untagged('https://www.google.com/')],
  },
  {
    key: 'organic_social',
    share: 0.1,
    intent: 0.8,
    loyalty: 0.9,
    value: 0.95,
    campaigns: [untagged('https://l.instagram.com/')],
  },
  {
    key: 'referral',
    share: 0.07,
    intent: 1.8,
    loyalty: 1.6,
    value: 1.1,
    campaigns: [
      {
        campaign: { source: 'friend', medium: 'referral', name: 'refer-a-friend' },
        weight: 1,
        costPerVisit: 0,
      },
    ],
  },
  {
    key: 'affiliate',
    share: 0.08,
    intent: 1,
    loyalty: 0.85,
    value: 1,
    campaigns: [
      {
        campaign: { source: 'stylebyana', medium: 'affiliate', name: 'creator-codes' },
        weight: 1,
        costPerVisit: 6,
      },
    ],
  },
  { key: 'direct', share: 0.12, intent: 1.2, loyalty: 1.2, value: 1, campaigns: [untagged()] },
];
