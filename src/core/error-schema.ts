import { type Static, Type } from 'typebox';
import { ERROR_STATUS, type ErrorCode } from './errors.ts';
import type { Holds, Same } from './schema-check.ts';

/**
 * Every error answer of the HTTP API, `{"error":{"code":"...","message":"..."}}`: one schema that each
 * route's error statuses point at, so the OpenAPI document and the contract's users know the shape.
 */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(Object.keys(ERROR_STATUS) as ErrorCode[], {
        description: 'A code from the fixed table; the HTTP status follows from it',
      }),
      message: Type.String({ description: 'What went wrong, in words a client can act on' }),
      details: Type.Optional(Type.Unknown({ description: 'More about it, e.g. every rejected item' })),
    }),
  },
  { description: 'An error' },
);

/** An error answer's body. */
export type ErrorBody = Static<typeof ErrorSchema>;

// The codes the schema lists are the table's, no more and no fewer.
export type ErrorShapeAgrees = Holds<Same<ErrorBody['error']['code'], ErrorCode>>;
