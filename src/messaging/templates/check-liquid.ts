import type { Liquid } from 'liquidjs';
import type { TemplateFault } from '../template-types.ts';
import { unknownVariable } from './variables.ts';

type Field = TemplateFault['field'];

/** liquidjs appends the position to its messages; the fault carries it in its own fields. */
const POSITION_SUFFIX = /, line:\d+, col:\d+$/;

/**
 * The faults of one Liquid field: a syntax error, an unknown tag or filter (liquidjs refuses them
 * while parsing), or a variable outside `TEMPLATE_VARIABLES` (from liquidjs's static analysis, so
 * names made inside the template by assign, capture, for or tablerow are not counted). Lines and
 * columns are 1-based, relative to the field's own text.
 */
export async function checkLiquid(liquid: Liquid, field: Field, text: string): Promise<TemplateFault[]> {
  let parsed: ReturnType<Liquid['parse']>;
  try {
    parsed = liquid.parse(text);
  } catch (error) {
    return [liquidFault(field, error)];
  }
  const analysis = await liquid.analyze(parsed, { partials: false });
  const faults: TemplateFault[] = [];
  for (const uses of Object.values(analysis.globals)) {
    for (const use of uses) {
      const message = unknownVariable(use.toArray());
      if (message) faults.push({ field, line: use.location.row, column: use.location.col, message });
    }
  }
  return faults.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A liquidjs error as a fault at its token's position (the start of the field when it has none). */
export function liquidFault(field: Field, error: unknown): TemplateFault {
  const e = error as { message?: string; token?: { getPosition(): [number, number] } };
  const [line, column] = e.token?.getPosition() ?? [1, 1];
  const message = String(e.message ?? error).replace(POSITION_SUFFIX, '');
  return { field, line, column, message };
}
