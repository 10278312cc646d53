import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readLines } from '../import/read-lines.ts';
import { CsvParser, type CsvRecord } from './csv-parser.ts';

/** Feeds lines numbered from 1, as readline would, and collects every record. */
function parse(lines: string[], parser = new CsvParser()): CsvRecord[] {
  const out: CsvRecord[] = [];
  lines.forEach((text, i) => {
    const record = parser.push(text, i + 1);
    if (record) out.push(record);
  });
  const last = parser.end();
  if (last) out.push(last);
  return out;
}

test('plain fields, empty fields and a trailing comma', () => {
  assert.deepEqual(parse(['a,b,c', ',,', 'x,', ',y']), [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['', '', ''] },
    { line: 3, fields: ['x', ''] },
    { line: 4, fields: ['', 'y'] },
  ]);
});

test('quoted fields hold commas and doubled quotes', () => {
  assert.deepEqual(parse(['"a,b","say ""hi""",""', '"""",x']), [
    { line: 1, fields: ['a,b', 'say "hi"', ''] },
    { line: 2, fields: ['"', 'x'] },
  ]);
});

test('a record spanning lines is reported at its first line, and the next ones keep their numbers', () => {
  assert.deepEqual(parse(['id,note', '1,"first', '', 'second, ""third""",z', '2,plain,q']), [
    { line: 1, fields: ['id', 'note'] },
    { line: 2, fields: ['1', 'first\n\nsecond, "third"', 'z'] },
    { line: 5, fields: ['2', 'plain', 'q'] },
  ]);
});

test('a line break right after an opening quote and a quote closing at the start of a line', () => {
  assert.deepEqual(parse(['a,"', 'b', '",c']), [{ line: 1, fields: ['a', '\nb\n', 'c'] }]);
});

test('blank lines outside quotes are no records, but a quoted empty field is one', () => {
  assert.deepEqual(parse(['a', '', '""', '']), [
    { line: 1, fields: ['a'] },
    { line: 3, fields: [''] },
  ]);
});

test('a quote inside an unquoted field is kept as a character', () => {
  assert.deepEqual(parse(['5\'10",a"b"']), [{ line: 1, fields: ['5\'10"', 'a"b"'] }]);
});

test('text after a closing quote makes that record an error, and parsing goes on with the next one', () => {
  const records = parse(['"a"b,c', 'd,e', '"x" ,y']);
  assert.equal(records.length, 3);
  assert.equal(records[0].line, 1);
  assert.match((records[0] as { error: string }).error, /field 1: "b" after a closing quote/);
  assert.deepEqual(records[1], { line: 2, fields: ['d', 'e'] });
  assert.match((records[2] as { error: string }).error, /field 1: " " after a closing quote/);
});

test('an unterminated quote is reported at the line where its record starts', () => {
  const records = parse(['a,b', '1,"never', 'closed', 'at all']);
  assert.deepEqual(records[0], { line: 1, fields: ['a', 'b'] });
  assert.equal(records.length, 2);
  assert.equal(records[1].line, 2);
  assert.match((records[1] as { error: string }).error, /unterminated quote/);
});

test('a runaway quoted field is cut off at the size limit and the parser starts afresh', () => {
  const parser = new CsvParser({ maxFieldChars: 10 });
  const records = parse(['1,"abcdef', 'ghijkl', 'x,y'], parser);
  assert.equal(records[0].line, 1);
  assert.match((records[0] as { error: string }).error, /longer than 10 characters/);
  assert.deepEqual(records[1], { line: 3, fields: ['x', 'y'] });
});

test('CRLF files: readline removes the CRLF, a quoted CRLF becomes \\n, a BOM is dropped', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'loopline-csv-'));
  try {
    const file = path.join(dir, 'crlf.csv');
    await writeFile(file, '\uFEFF"id",note\r\n1,"two\r\nlines"\r\n2,last\r\n');
    const { lines } = await readLines(file);
    const all: string[] = [];
    for await (const line of lines) all.push(line);
    assert.deepEqual(all, ['"id",note', '1,"two', 'lines"', '2,last']);
    assert.deepEqual(parse(all), [
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'last'] },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
