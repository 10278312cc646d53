/**
 * The newcomer's guide, shared by the terminal (first start, `loopline demo`) and the root page so they
 * say the same thing. Keys are stored as digests, so a key is shown only where it was just created;
 * everywhere else the snippets carry a placeholder and say how to get a key (`loopline keys create`).
 * The write key is public by nature (it ships in browsers); the secret key is printed once, never served.
 */
export type GuideKeys = {
  url: string;
  writeKey?: string;
  secretKey?: string;
  /** A workspace other than the default one: the commands name it. */
  workspace?: string;
  /** A customer worth looking up (the demo's most loyal buyer); user-1 otherwise. */
  userId?: string;
};

export const WRITE_KEY_PLACEHOLDER = 'WRITE_KEY';
export const SECRET_KEY_PLACEHOLDER = 'SECRET_KEY';

/** Ready-to-paste snippets that send a first event: curl, analytics-node and analytics.js. */
export function firstEventSnippets(k: GuideKeys): { curl: string; node: string; browser: string } {
  const key = k.writeKey ?? WRITE_KEY_PLACEHOLDER;
  return {
    curl:
      `curl -u '${key}:' -H 'content-type: application/json' \\\n` +
      `  -d '{"userId":"user-1","event":"Signed Up"}' ${k.url}/v1/track`,
    node:
      `// npm install @segment/analytics-node\n` +
      `import { Analytics } from '@segment/analytics-node';\n` +
      `const analytics = new Analytics({ writeKey: '${key}', host: '${k.url}' });\n` +
      `analytics.track({ userId: 'user-1', event: 'Order Completed', properties: { revenue: 42 } });`,
    browser:
      `<script type="module">\n` +
      `  import { AnalyticsBrowser } from 'https://esm.sh/@segment/analytics-next';\n` +
      `  const analytics = AnalyticsBrowser.load({ writeKey: '${key}', cdnURL: '${k.url}' });\n` +
      `  analytics.page();\n` +
      `</script>`,
  };
}

/** Choosing a stage model, and where to go next: a command and what it does. */
export const NEXT_STEPS: readonly (readonly [string, string])[] = [
  [
    'loopline lifecycle presets',
    'the stage models: clm-5 (default), cjm-5, reach-loyalty, service-6, reactivation',
  ],
  [
    'loopline lifecycle apply cjm-5 --dry-run',
    'who would move where under another preset; without --dry-run it applies it',
  ],
  [
    'loopline demo [--live]',
    'a simulated apparel store (or --business fitness-app) with 18 months of customers',
  ],
  ['loopline import --cdnow', 'the real CDNOW purchase log (23,570 customers), then loopline predict fit'],
];

/** The guide as terminal text. */
export function firstRunGuide(k: GuideKeys): string {
  const s = firstEventSnippets(k);
  const secret = k.secretKey ?? SECRET_KEY_PLACEHOLDER;
  const indent = (text: string) => text.replace(/^/gm, '    ');
  const lines = [
    'Send a first event:',
    '  with curl:',
    indent(s.curl),
    '  from a Node.js server (analytics-node):',
    indent(s.node),
    '  from a web page (analytics.js):',
    indent(s.browser),
    'Then find a customer and their stage:',
    `    curl -H 'authorization: Bearer ${secret}' '${k.url}/api/v1/customers?userId=${k.userId ?? 'user-1'}'`,
    'Next (in a checkout, loopline is npm run loopline --):',
    ...[
      ...NEXT_STEPS.map(([command, what]) => {
        // Commands that act on a workspace name the one this guide is about.
        const named = k.workspace ? ` --workspace ${k.workspace}` : '';
        return [command.replace(/( apply \S+)/, `$1${named}`), what] as const;
      }),
      [`${k.url}/api/docs`, 'the admin API (analytics, stages, segments) with the secret key'] as const,
    ].map(([command, what]) => `  ${command.padEnd(54)} ${what}`),
  ];
  if (!k.writeKey) {
    lines.splice(
      1,
      0,
      `  (${WRITE_KEY_PLACEHOLDER}: a write key; keys are shown only when created: loopline keys create --kind write)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
