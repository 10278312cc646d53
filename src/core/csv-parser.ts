/** One CSV record and the line it starts on, or why it is malformed. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** A quoted field longer than this is taken for an unterminated quote rather than read to the file's end. */
export const MAX_CSV_FIELD_CHARS = 1_000_000;

/**
 * An RFC 4180 parser fed one physical line at a time (as node:readline yields them), so a file streams
 * through it. Fields are separated by commas; a field that starts with a double quote is quoted and may
 * hold commas, line breaks and quotes written twice (`""`). A record ends at the first line break outside
 * quotes, so it may span lines; it is reported with the line it starts on.
 *
 * Choices where RFC 4180 leaves room: a line break inside a quoted field comes out as `\n` whatever the
 * file used (readline has already removed it); a quote inside an unquoted field is kept as a character
 * (`5'10"`); anything but a comma or the end of the line after a closing quote makes the record an error,
 * since the quoting is then ambiguous; an empty line outside quotes is no record at all.
 * @example
 * const p = new CsvParser();
 * p.push('a,"b ""c""', 1); // null: the quoted field goes on
 * p.push('d",e', 2); // { line: 1, fields: ['a', 'b "c"\nd', 'e'] }
 */
export class CsvParser {
  readonly #maxFieldChars: number;
  #open = false;
  #inQuotes = false;
  #start = 0;
  #fields: string[] = [];
  #field = '';
  #error: string | null = null;

  constructor(options: { maxFieldChars?: number } = {}) {
    this.#maxFieldChars = options.maxFieldChars ?? MAX_CSV_FIELD_CHARS;
  }

  /** Feeds one line (without its line break); returns the record it completes, if any. */
  push(text: string, line: number): CsvRecord | null {
    let i = 0;
    if (this.#open) {
      this.#field += '\n';
    } else {
      if (text === '') return null;
      this.#open = true;
      this.#start = line;
      this.#fields = [];
      this.#field = '';
      this.#error = null;
      if (text[0] === '"') {
        this.#inQuotes = true;
        i = 1;
      }
    }
    for (;;) {
      if (this.#inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.#field += text.slice(i);
          if (this.#field.length <= this.#maxFieldChars) return null;
          return this.#fail(
            `a quoted field is longer than ${this.#maxFieldChars} characters (a quote never closed?)`,
          );
        }
        this.#field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          this.#field += '"';
          i = quote + 2;
          continue;
        }
        this.#inQuotes = false;
        i = quote + 1;
        if (i < text.length && text[i] !== ',') {
          this.#error ??= `field ${this.#fields.length + 1}: "${text[i]}" after a closing quote`;
        }
      }
      const comma = text.indexOf(',', i);
      if (comma === -1) {
        this.#field += text.slice(i);
        return this.#complete();
      }
      this.#field += text.slice(i, comma);
      this.#fields.push(this.#field);
      this.#field = '';
      i = comma + 1;
      if (text[i] === '"') {
        this.#inQuotes = true;
        i++;
      }
    }
  }

  /** Ends the input: a record still open then has a quote that never closed. */
  end(): CsvRecord | null {
    if (!this.#open) return null;
    return this.#fail('a quoted field never closes (unterminated quote)');
  }

  #complete(): CsvRecord {
    this.#fields.push(this.#field);
    this.#open = false;
    const line = this.#start;
    return this.#error ? { line, error: this.#error } : { line, fields: this.#fields };
  }

  #fail(error: string): CsvRecord {
    this.#open = false;
    this.#inQuotes = false;
    this.#field = '';
    return { line: this.#start, error };
  }
}
