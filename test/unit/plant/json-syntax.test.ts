// locateJsonSyntaxError: line, column and JSON path of the first syntax error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateJsonSyntaxError } from '../../../server/plant/json-syntax';

describe('locateJsonSyntaxError', () => {
  it('accepts valid JSON', () => {
    assert.equal(locateJsonSyntaxError('{"a": [1, -2.5e3, true, null, "x\\n"], "b": {}}'), undefined);
  });

  const cases: [name: string, text: string, line: number, column: number, path: (string | number)[], reason: RegExp][] = [
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, ['a'], /expected ',' or '}', found "\\""/],
    ['a trailing comma in an array', '{"lots": [\n {"id": "L1"},\n]}', 3, 1, ['lots'], /trailing comma before \]/],
    ['a trailing comma in an object', '{"a": 1,}', 1, 9, [], /trailing comma before }/],
    ['a single-quoted string', "{\"lots\": [{\"id\": 'L1'}]}", 1, 18, ['lots', 0, 'id'], /expected a value, found "'"/],
    ['an unquoted key', '{id: 1}', 1, 2, [], /quoted field name/],
    ['a line break in a string', '{"a": "x\ny"}', 1, 9, ['a'], /control character/],
    ['a truncated file', '{"a": [1, 2', 1, 12, ['a'], /expected ',' or '\]', found end of file/],
    ['text after the value', '{}\n{}', 2, 1, [], /after the end of the JSON value/],
    ['an empty file', '', 1, 1, [], /expected a value, found end of file/],
    ['NaN', '{"a": NaN}', 1, 7, ['a'], /expected a value/],
  ];
  for (const [name, text, line, column, path, reason] of cases) {
    it(`locates ${name}`, () => {
      assert.throws(() => JSON.parse(text), 'the case must really be invalid JSON');
      const located = locateJsonSyntaxError(text);
      assert.ok(located, 'an error is found');
      assert.deepEqual([located.line, located.column, located.path], [line, column, path]);
      assert.match(located.reason, reason);
    });
  }
});
