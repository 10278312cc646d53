import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, Message, MessageType } from '../core/index.ts';
import { assignIds, identityKey, messageIdentities, planIngest } from './plan.ts';
import {
  DEFAULT_IDENTITY_SETTINGS,
  type IdentityKind,
  type IdentitySettings,
  type IngestPlan,
  type ProfileState,
} from './types.ts';

const S = DEFAULT_IDENTITY_SETTINGS;
const BY_EMAIL: IdentitySettings = { ...S, identifyByEmail: true };

let seq = 0;
type Fields = {
  userId?: string;
  anonymousId?: string;
  at?: number;
  traits?: JsonObject;
  previousId?: string;
  messageId?: string;
};
function message(type: MessageType, f: Fields): Message {
  seq++;
  const payload: JsonObject = {};
  if (f.traits) payload.traits = f.traits;
  if (f.previousId !== undefined) payload.previousId = f.previousId;
  return {
    messageId: f.messageId ?? `m${seq}`,
    type,
    userId: f.userId ?? null,
    anonymousId: f.anonymousId ?? null,
    name: type === 'track' ? 'Clicked' : null,
    timestamp: f.at ?? 1_000,
    receivedAt: (f.at ?? 1_000) + 7,
    payload,
  };
}
const track = (f: Fields) => message('track', f);
const identify = (f: Fields) => message('identify', f);
const alias = (userId: string, previousId: string, f: Fields = {}) =>
  message('alias', { ...f, userId, previousId });

function profile(id: number, p: Partial<ProfileState> = {}): ProfileState {
  return {
    id,
    userId: null,
    email: null,
    traits: {},
    traitTimes: {},
    firstSeen: 100,
    lastSeen: 200,
    identityCount: 1,
    ...p,
  };
}

/** What the store would find for a batch: identifiers `kind:value` → owner, and the owners' profiles. */
function known(identities: [IdentityKind, string, number][] = [], profiles: ProfileState[] = []) {
  return {
    identities: new Map(identities.map(([kind, value, id]) => [identityKey(kind, value), id])),
    profiles: new Map(profiles.map((p) => [p.id, p])),
  };
}

const owners = (plan: IngestPlan) => plan.events.map((e) => e.customerId);
const ids = (plan: IngestPlan) =>
  plan.identities.map((i) => `${i.kind}:${i.value}→${i.customerId}`).sort((a, b) => a.localeCompare(b));

describe('planIngest: profiles and links', () => {
  test('a new anonymous visitor gets one new profile holding their anonymousId', () => {
    const first = track({ anonymousId: 'a1', at: 1_000 });
    const second = message('page', { anonymousId: 'a1', at: 1_500 });
    const plan = planIngest([first, second], known(), S);

    assert.equal(plan.newProfileCount, 1);
    assert.deepEqual(plan.created, [
      {
        id: -1,
        userId: null,
        email: null,
        traits: {},
        traitTimes: {},
        firstSeen: 1_000,
        lastSeen: 1_500,
        identityCount: 1,
      },
    ]);
    assert.deepEqual(plan.updated, []);
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(plan.identities, [{ kind: 'anonymous_id', value: 'a1', customerId: -1 }]);
    assert.deepEqual(
      plan.events.map((e) => [e.message, e.customerId]),
      [
        [first, -1],
        [second, -1],
      ],
    );
  });

  test('an anonymous visitor who identifies in the same batch keeps one profile, now the user’s', () => {
    const plan = planIngest(
      [
        track({ anonymousId: 'a1', at: 1_000 }),
        identify({ userId: 'u1', anonymousId: 'a1', at: 2_000, traits: { name: 'Ann' } }),
        track({ userId: 'u1', at: 3_000 }),
      ],
      known(),
      S,
    );
    assert.equal(plan.newProfileCount, 1);
    assert.equal(plan.created.length, 1);
    const [p] = plan.created;
    assert.equal(p.userId, 'u1');
    assert.deepEqual(p.traits, { name: 'Ann' });
    assert.equal(p.identityCount, 2);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→-1', 'user_id:u1→-1']);
    assert.deepEqual(owners(plan), [-1, -1, -1]);
    assert.deepEqual(plan.merges, []);
  });

  test('an unknown userId with a known anonymous profile takes that profile over instead of creating one', () => {
    const anon = profile(20, { firstSeen: 50, lastSeen: 60 });
    const plan = planIngest(
      [identify({ userId: 'u1', anonymousId: 'a1', at: 70 })],
      known([['anonymous_id', 'a1', 20]], [anon]),
      S,
    );
    assert.equal(plan.newProfileCount, 0);
    assert.deepEqual(plan.created, []);
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(ids(plan), ['user_id:u1→20']);
    assert.equal(plan.updated.length, 1);
    assert.equal(plan.updated[0].userId, 'u1');
    assert.equal(plan.updated[0].identityCount, 2);
    assert.deepEqual(owners(plan), [20]);
  });

  test('a returning user on a new device: the anonymous profile merges into the user’s profile', () => {
    const user = profile(10, { userId: 'u1', firstSeen: 100, lastSeen: 200 });
    const device = profile(20, { firstSeen: 50, lastSeen: 60 });
    const input = known(
      [
        ['user_id', 'u1', 10],
        ['anonymous_id', 'a2', 20],
      ],
      [user, device],
    );
    const browsing = track({ anonymousId: 'a2', at: 300 });
    const login = identify({ userId: 'u1', anonymousId: 'a2', at: 400 });
    const plan = planIngest([browsing, login], input, S);

    assert.deepEqual(plan.merges, [
      {
        fromCustomerId: 20,
        intoCustomerId: 10,
        reason: 'identify linked anonymous_id a2',
        messageId: login.messageId,
        at: login.receivedAt,
      },
    ]);
    // The event planned for the device's profile before the merge is reassigned to the survivor.
    assert.deepEqual(owners(plan), [10, 10]);
    assert.equal(plan.newProfileCount, 0);
    assert.deepEqual(plan.created, []);
    assert.deepEqual(plan.identities, [], 'the store moves the merged profile’s identifiers');
    assert.deepEqual(
      plan.updated.map((p) => [p.id, p.userId, p.identityCount, p.firstSeen, p.lastSeen]),
      [[10, 'u1', 2, 50, 400]],
    );
    // The planner works on copies: what the store handed in is untouched.
    assert.equal(user.identityCount, 1);
    assert.equal(user.firstSeen, 100);
    assert.equal(device.lastSeen, 60);
  });

  test('two userIds on one anonymousId (a shared device) never merge', () => {
    const plan = planIngest(
      [
        identify({ userId: 'u1', anonymousId: 'd' }),
        identify({ userId: 'u2', anonymousId: 'd' }),
        track({ anonymousId: 'd' }),
      ],
      known(),
      S,
    );
    assert.deepEqual(plan.merges, []);
    assert.equal(plan.newProfileCount, 2);
    assert.deepEqual(
      plan.created.map((p) => [p.id, p.userId]),
      [
        [-1, 'u1'],
        [-2, 'u2'],
      ],
    );
    assert.deepEqual(owners(plan), [-1, -2, -1]);
    assert.deepEqual(ids(plan), ['anonymous_id:d→-1', 'user_id:u1→-1', 'user_id:u2→-2']);
  });

  test('a second user on a device already known to the first gets their own profile', () => {
    const first = profile(10, { userId: 'u1', identityCount: 2 });
    const plan = planIngest(
      [identify({ userId: 'u2', anonymousId: 'd', at: 150 })],
      known(
        [
          ['user_id', 'u1', 10],
          ['anonymous_id', 'd', 10],
        ],
        [first],
      ),
      S,
    );
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(
      plan.created.map((p) => [p.id, p.userId]),
      [[-1, 'u2']],
    );
    assert.deepEqual(plan.updated, [], 'the first user’s profile is not touched');
    assert.deepEqual(plan.seen, []);
    assert.deepEqual(owners(plan), [-1]);
  });
});

describe('planIngest: alias', () => {
  test('alias gives an anonymous history a userId', () => {
    const plan = planIngest(
      [alias('u1', 'a1', { anonymousId: 'a1' })],
      known([['anonymous_id', 'a1', 20]], [profile(20)]),
      S,
    );
    assert.deepEqual(plan.created, []);
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(ids(plan), ['user_id:u1→20']);
    assert.deepEqual(
      plan.updated.map((p) => [p.id, p.userId]),
      [[20, 'u1']],
    );
    assert.deepEqual(owners(plan), [20]);
  });

  test('alias merges two known users, which nothing else does', () => {
    const oldUser = profile(10, { userId: 'u-old', identityCount: 2, firstSeen: 10, lastSeen: 20 });
    const newUser = profile(11, { userId: 'u-new', identityCount: 1, firstSeen: 30, lastSeen: 40 });
    const input = known(
      [
        ['user_id', 'u-old', 10],
        ['user_id', 'u-new', 11],
      ],
      [oldUser, newUser],
    );
    const m = alias('u-new', 'u-old', { at: 50 });
    const plan = planIngest([m, track({ userId: 'u-old', at: 60 })], input, S);
    assert.deepEqual(plan.merges, [
      {
        fromCustomerId: 10,
        intoCustomerId: 11,
        reason: 'alias u-old to u-new',
        messageId: m.messageId,
        at: m.receivedAt,
      },
    ]);
    assert.deepEqual(
      plan.updated.map((p) => [p.id, p.userId, p.identityCount, p.firstSeen, p.lastSeen]),
      [[11, 'u-new', 3, 10, 60]],
    );
    assert.deepEqual(owners(plan), [11, 11], 'the old userId now resolves to the survivor');

    // Without the alias, an identify carrying both users' identifiers is refused as a shared device.
    const shared = planIngest(
      [identify({ userId: 'u-new', anonymousId: 'd' })],
      known(
        [
          ['user_id', 'u-new', 11],
          ['anonymous_id', 'd', 10],
        ],
        [oldUser, newUser],
      ),
      S,
    );
    assert.deepEqual(shared.merges, []);
  });

  test('alias of two unknown ids makes one profile that answers to both', () => {
    const plan = planIngest(
      [alias('u1', 'p1'), identify({ userId: 'p1', traits: { plan: 'pro' } })],
      known(),
      S,
    );
    assert.equal(plan.newProfileCount, 1);
    assert.deepEqual(ids(plan), ['user_id:p1→-1', 'user_id:u1→-1']);
    assert.deepEqual(owners(plan), [-1, -1]);
    assert.equal(plan.created[0].userId, 'u1');
    assert.deepEqual(plan.created[0].traits, { plan: 'pro' });
  });

  test('alias links an unknown previousId as an anonymousId when the message carries it as one', () => {
    const plan = planIngest([alias('u1', 'a1', { anonymousId: 'a1' })], known(), S);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→-1', 'user_id:u1→-1']);
  });

  test('alias within a batch joins the anonymous events before it and the user events after it', () => {
    const plan = planIngest(
      [
        track({ anonymousId: 'a1' }),
        alias('u1', 'a1', { anonymousId: 'a1' }),
        track({ userId: 'u1' }),
        track({ anonymousId: 'a1' }),
      ],
      known(),
      S,
    );
    assert.equal(plan.newProfileCount, 1);
    assert.deepEqual(owners(plan), [-1, -1, -1, -1]);
    assert.deepEqual(plan.merges, []);
  });

  test('messageIdentities looks a previousId up as both kinds', () => {
    assert.deepEqual(messageIdentities(alias('u1', 'x9'), S), [
      { kind: 'user_id', value: 'u1' },
      { kind: 'user_id', value: 'x9' },
      { kind: 'anonymous_id', value: 'x9' },
    ]);
  });
});

describe('planIngest: junk identifiers', () => {
  test('placeholder ids link nothing, so visitors who send them stay apart', () => {
    const plan = planIngest(
      [
        track({ anonymousId: 'null' }),
        track({ anonymousId: 'NULL' }),
        track({ anonymousId: '00000000-0000-0000-0000-000000000000' }),
        identify({ userId: 'undefined', anonymousId: 'anonymous' }),
      ],
      known(),
      S,
    );
    assert.equal(plan.newProfileCount, 4);
    assert.deepEqual(owners(plan), [-1, -2, -3, -4]);
    assert.deepEqual(plan.identities, []);
    assert.ok(plan.created.every((p) => p.userId === null && p.identityCount === 0));
  });

  test('a junk anonymousId next to a real userId is ignored', () => {
    const plan = planIngest([identify({ userId: 'u1', anonymousId: '0' })], known(), S);
    assert.deepEqual(ids(plan), ['user_id:u1→-1']);
    assert.deepEqual(messageIdentities(identify({ userId: 'u1', anonymousId: ' none ' }), S), [
      { kind: 'user_id', value: 'u1' },
    ]);
  });

  test('alias from a junk previousId creates no link and no merge', () => {
    const plan = planIngest([alias('u1', 'null'), alias('u2', 'null')], known(), S);
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(ids(plan), ['user_id:u1→-1', 'user_id:u2→-2']);
    assert.deepEqual(messageIdentities(alias('u1', 'undefined'), S), [{ kind: 'user_id', value: 'u1' }]);
  });
});

describe('planIngest: identity cap', () => {
  const batch = () => [
    identify({ userId: 'u1', anonymousId: 'a1' }),
    identify({ userId: 'u1', anonymousId: 'a2' }),
    track({ anonymousId: 'a2' }),
    identify({ userId: 'u1', anonymousId: 'a2' }),
  ];

  test('a profile at the cap takes no more anonymous ids and no merges', () => {
    const plan = planIngest(batch(), known(), { ...S, maxIdentitiesPerCustomer: 2 });
    assert.equal(plan.newProfileCount, 2);
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→-1', 'anonymous_id:a2→-2', 'user_id:u1→-1']);
    assert.deepEqual(owners(plan), [-1, -1, -2, -1]);
    assert.equal(plan.created.find((p) => p.id === -1)?.identityCount, 2);
  });

  test('under the cap the same batch is one profile', () => {
    const plan = planIngest(batch(), known(), { ...S, maxIdentitiesPerCustomer: 3 });
    assert.equal(plan.newProfileCount, 1);
    assert.deepEqual(owners(plan), [-1, -1, -1, -1]);
    assert.equal(plan.created[0].identityCount, 3);
  });

  test('a merge that would take the survivor over the cap is refused', () => {
    const input = () =>
      known(
        [
          ['user_id', 'u1', 10],
          ['anonymous_id', 'a9', 20],
        ],
        [profile(10, { userId: 'u1', identityCount: 3 }), profile(20, { identityCount: 1 })],
      );
    const m = identify({ userId: 'u1', anonymousId: 'a9' });
    const capped = planIngest([m], input(), { ...S, maxIdentitiesPerCustomer: 3 });
    assert.deepEqual(capped.merges, []);
    assert.deepEqual(owners(capped), [10]);
    const roomy = planIngest([m], input(), { ...S, maxIdentitiesPerCustomer: 4 });
    assert.deepEqual(
      roomy.merges.map((x) => [x.fromCustomerId, x.intoCustomerId]),
      [[20, 10]],
    );
  });
});

describe('planIngest: identify by email', () => {
  const batch = () => [
    identify({ anonymousId: 'a1', traits: { email: ' Ann@Example.COM ' } }),
    identify({ anonymousId: 'a2', traits: { email: 'ann@example.com' } }),
  ];

  test('on: two devices that identify with one email are one profile', () => {
    const plan = planIngest(batch(), known(), BY_EMAIL);
    assert.equal(plan.newProfileCount, 1);
    assert.deepEqual(owners(plan), [-1, -1]);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→-1', 'anonymous_id:a2→-1', 'email:ann@example.com→-1']);
    assert.equal(plan.created[0].email, 'ann@example.com');
  });

  test('off: the email is kept on each profile but links nothing', () => {
    const plan = planIngest(batch(), known(), S);
    assert.equal(plan.newProfileCount, 2);
    assert.deepEqual(owners(plan), [-1, -2]);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→-1', 'anonymous_id:a2→-2']);
    assert.deepEqual(
      plan.created.map((p) => p.email),
      ['ann@example.com', 'ann@example.com'],
    );
    assert.deepEqual(messageIdentities(batch()[0], S), [{ kind: 'anonymous_id', value: 'a1' }]);
  });

  test('on: a known email brings a new device to its profile; only identify traits count', () => {
    const input = known([['email', 'ann@example.com', 10]], [profile(10, { userId: 'u1' })]);
    const plan = planIngest(
      [
        track({ anonymousId: 'a3', traits: { email: 'ann@example.com' } }),
        identify({ anonymousId: 'a4', traits: { email: 'ann@example.com' } }),
      ],
      input,
      BY_EMAIL,
    );
    assert.deepEqual(owners(plan), [-1, 10]);
    assert.deepEqual(ids(plan), ['anonymous_id:a3→-1', 'anonymous_id:a4→10']);
  });

  test('on: two users sharing an inbox are not merged', () => {
    const plan = planIngest(
      [
        identify({ userId: 'u1', traits: { email: 'team@example.com' } }),
        identify({ userId: 'u2', traits: { email: 'team@example.com' } }),
      ],
      known(),
      BY_EMAIL,
    );
    assert.deepEqual(plan.merges, []);
    assert.deepEqual(owners(plan), [-1, -2]);
  });
});

describe('planIngest: traits and seen times', () => {
  test('per trait the later timestamp wins, whatever order messages arrive in', () => {
    const plan = planIngest(
      [
        identify({ userId: 'u1', at: 2_000, traits: { plan: 'pro', seats: 5 } }),
        identify({ userId: 'u1', at: 1_000, traits: { plan: 'free', company: 'Acme' } }),
      ],
      known(),
      S,
    );
    const [p] = plan.created;
    assert.deepEqual(p.traits, { plan: 'pro', seats: 5, company: 'Acme' });
    assert.deepEqual(p.traitTimes, { plan: 2_000, seats: 2_000, company: 1_000 });
  });

  test('an older value arriving in a later batch changes nothing and writes nothing', () => {
    const stored = profile(10, {
      userId: 'u1',
      traits: { plan: 'pro' },
      traitTimes: { plan: 2_000 },
      firstSeen: 500,
      lastSeen: 3_000,
    });
    const input = known([['user_id', 'u1', 10]], [stored]);
    const stale = planIngest([identify({ userId: 'u1', at: 1_000, traits: { plan: 'free' } })], input, S);
    assert.deepEqual(stale.updated, []);
    assert.deepEqual(stale.seen, []);
    const newer = planIngest([identify({ userId: 'u1', at: 2_500, traits: { plan: 'free' } })], input, S);
    assert.deepEqual(
      newer.updated.map((p) => [p.traits, p.traitTimes]),
      [[{ plan: 'free' }, { plan: 2_500 }]],
    );
  });

  test('a merge keeps, per trait, the value set later on either profile', () => {
    const user = profile(10, {
      userId: 'u1',
      traits: { plan: 'free', name: 'Ann', email: 'ann@example.com' },
      traitTimes: { plan: 1_000, name: 3_000, email: 1_000 },
      email: 'ann@example.com',
    });
    const device = profile(20, {
      traits: { plan: 'pro', name: 'A.', referrer: 'ad' },
      traitTimes: { plan: 2_000, name: 2_500, referrer: 1_500 },
    });
    const plan = planIngest(
      [track({ userId: 'u1', anonymousId: 'a2', at: 150 })],
      known(
        [
          ['user_id', 'u1', 10],
          ['anonymous_id', 'a2', 20],
        ],
        [user, device],
      ),
      S,
    );
    assert.equal(plan.merges.length, 1);
    const [p] = plan.updated;
    assert.deepEqual(p.traits, { plan: 'pro', name: 'Ann', referrer: 'ad', email: 'ann@example.com' });
    assert.deepEqual(p.traitTimes, { plan: 2_000, name: 3_000, referrer: 1_500, email: 1_000 });
    assert.equal(p.email, 'ann@example.com');
  });

  test('an identify that sets traits.email updates the profile’s email, the newest one winning', () => {
    const plan = planIngest(
      [
        identify({ userId: 'u1', at: 2_000, traits: { email: 'New@Example.com' } }),
        identify({ userId: 'u1', at: 1_000, traits: { email: 'old@example.com' } }),
      ],
      known(),
      S,
    );
    assert.equal(plan.created[0].email, 'new@example.com');
  });

  test('firstSeen and lastSeen span every message, in any order', () => {
    const plan = planIngest(
      [
        track({ anonymousId: 'a1', at: 5_000 }),
        track({ anonymousId: 'a1', at: 1_000 }),
        track({ anonymousId: 'a1', at: 9_000 }),
      ],
      known(),
      S,
    );
    assert.deepEqual([plan.created[0].firstSeen, plan.created[0].lastSeen], [1_000, 9_000]);
  });

  test('a known profile is written only when a message moves its seen range, and then only its times', () => {
    const input = () =>
      known([['anonymous_id', 'a1', 10]], [profile(10, { firstSeen: 2_000, lastSeen: 3_000 })]);
    assert.deepEqual(planIngest([track({ anonymousId: 'a1', at: 2_500 })], input(), S).seen, []);
    const earlier = planIngest([track({ anonymousId: 'a1', at: 1_500 })], input(), S);
    assert.deepEqual(earlier.updated, [], 'times alone are not a full update');
    assert.deepEqual(
      earlier.seen.map((p) => [p.id, p.firstSeen, p.lastSeen]),
      [[10, 1_500, 3_000]],
    );
    const later = planIngest([track({ anonymousId: 'a1', at: 4_000 })], input(), S);
    assert.deepEqual(
      later.seen.map((p) => [p.firstSeen, p.lastSeen]),
      [[2_000, 4_000]],
    );
  });
});

describe('assignIds', () => {
  test('replaces every negative id, including that of a profile created and merged away in the batch', () => {
    const plan = planIngest(
      [
        track({ anonymousId: 'a1' }),
        track({ anonymousId: 'a2' }),
        identify({ userId: 'u1', anonymousId: 'a1' }),
        identify({ userId: 'u1', anonymousId: 'a2' }),
      ],
      known(),
      S,
    );
    assert.equal(plan.newProfileCount, 2);
    assert.deepEqual(
      plan.merges.map((m) => [m.fromCustomerId, m.intoCustomerId]),
      [[-2, -1]],
    );
    assert.deepEqual(
      plan.created.map((p) => p.id),
      [-1],
    );

    assignIds(plan, [501, 502]);
    assert.deepEqual(
      plan.created.map((p) => p.id),
      [501],
    );
    assert.deepEqual(
      plan.merges.map((m) => [m.fromCustomerId, m.intoCustomerId]),
      [[502, 501]],
    );
    assert.deepEqual(owners(plan), [501, 501, 501, 501]);
    assert.deepEqual(ids(plan), ['anonymous_id:a1→501', 'anonymous_id:a2→501', 'user_id:u1→501']);
  });

  test('maps -1, -2, ... to the allocated ids in order and leaves known ids alone', () => {
    const plan = planIngest(
      [identify({ userId: 'u1' }), identify({ userId: 'u2' }), identify({ userId: 'u1', anonymousId: 'a9' })],
      known([['anonymous_id', 'a9', 20]], [profile(20)]),
      S,
    );
    assignIds(plan, [7, 8]);
    assert.deepEqual(
      plan.created.map((p) => [p.id, p.userId]),
      [
        [7, 'u1'],
        [8, 'u2'],
      ],
    );
    assert.deepEqual(
      plan.merges.map((m) => [m.fromCustomerId, m.intoCustomerId]),
      [[20, 7]],
    );
    assert.deepEqual(owners(plan), [7, 8, 7]);
  });
});
