import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** The options every "as code" command takes: the workspace, --draft and --help. */
const COMMON = {
  workspace: { type: 'string', default: 'default' },
  draft: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

export type AsCodeArgs = {
  action: string;
  target: string | undefined;
  workspace: string;
  draft: boolean;
  values: Record<string, string | string[] | boolean | undefined>;
};

/**
 * The arguments of a command that keeps things as files (`list | apply <file> | export <key>`): its
 * action, target and options, or the exit code after printing `help` (0 when asked for, 2 when the
 * arguments make no sense).
 */
export function asCodeArgs(
  args: string[],
  help: string,
  extra: ParseArgsOptionsConfig = {},
): AsCodeArgs | number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON, ...extra },
  });
  const [action, target, ...rest] = positionals;
  if (values.help || !action || rest.length > 0) {
    console.log(help);
    return values.help ? 0 : 2;
  }
  return {
    action,
    target,
    workspace: String(values.workspace),
    draft: values.draft === true,
    values: values as AsCodeArgs['values'],
  };
}
