import mjml, { type MjmlError } from 'mjml';

/** MJML turned into HTML, or its errors each at a line of the MJML text. */
export type MjmlResult =
  | { ok: true; html: string }
  | { ok: false; errors: { line: number; message: string }[] };

/**
 * Compiles MJML with strict validation (an unknown element or attribute is an error, not a quiet
 * guess) and without `mj-include`: a template is one text, never a path on the server.
 */
export async function compileMjml(text: string): Promise<MjmlResult> {
  try {
    const { html, errors } = await mjml(text, {
      validationLevel: 'strict',
      ignoreIncludes: true,
      keepComments: false,
    });
    if (errors.length > 0) return { ok: false, errors: errors.map(lineOf) };
    return { ok: true, html };
  } catch (error) {
    const listed = (error as { errors?: MjmlError[] }).errors;
    if (Array.isArray(listed) && listed.length > 0) return { ok: false, errors: listed.map(lineOf) };
    // A document MJML cannot read at all (no <mjml> root, say) throws without a list.
    return { ok: false, errors: [{ line: 1, message: `MJML: ${(error as Error).message}` }] };
  }
}

const lineOf = (e: MjmlError) => ({ line: e.line || 1, message: `MJML: ${e.message}` });
