// Locates a JSON syntax error (line, column and the JSON path being read), which
// Node 20's JSON.parse messages do not always give. Only runs after JSON.parse has failed.

export interface JsonSyntaxError {
  line: number;
  column: number;
  /** Path of the value being read when the error was found, e.g. ['lots', 3, 'productId']. */
  path: (string | number)[];
  reason: string;
}

class Stop extends Error {
  constructor(readonly at: number, readonly reason: string) {
    super(reason);
  }
}

export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const path: (string | number)[] = [];
  let at = 0;

  const fail = (reason: string): never => {
    throw new Stop(at, reason);
  };
  const peek = (): string => text[at] ?? '';
  const describeHere = (): string => (at >= text.length ? 'end of file' : `${JSON.stringify(peek())}`);
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(peek())) at++;
  };
  const expect = (char: string, what: string): void => {
    skipSpace();
    if (peek() !== char) fail(`expected ${what}, found ${describeHere()}`);
    at++;
  };

  const readString = (): string => {
    const start = at;
    at++; // opening quote
    while (at < text.length) {
      const char = peek();
      if (char === '"') {
        at++;
        return JSON.parse(text.slice(start, at)) as string;
      }
      if (char === '\\') {
        at++;
        if (!'"\\/bfnrtu'.includes(peek())) fail('invalid escape in string');
      } else if (char < ' ') {
        fail('unescaped control character (a line break?) inside a string');
      }
      at++;
    }
    return fail('unterminated string');
  };

  const readLiteral = (): void => {
    const match = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at, at + 400));
    if (!match) fail(`expected a value, found ${describeHere()}`);
    at += match?.[0].length ?? 0;
  };

  const readValue = (): void => {
    skipSpace();
    const char = peek();
    if (char === '{') readObject();
    else if (char === '[') readArray();
    else if (char === '"') readString();
    else readLiteral();
  };

  const readObject = (): void => {
    at++;
    skipSpace();
    if (peek() === '}') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (peek() !== '"') fail(`expected a quoted field name, found ${describeHere()}`);
      path.push(readString());
      expect(':', "':' after the field name");
      readValue();
      skipSpace();
      if (peek() === ',') {
        at++;
        path.pop();
        skipSpace();
        if (peek() === '}') fail('trailing comma before }');
        continue;
      }
      if (peek() === '}') {
        at++;
        path.pop();
        return;
      }
      fail(`expected ',' or '}', found ${describeHere()}`);
    }
  };

  const readArray = (): void => {
    at++;
    skipSpace();
    if (peek() === ']') {
      at++;
      return;
    }
    for (let index = 0; ; index++) {
      path.push(index);
      readValue();
      skipSpace();
      path.pop();
      if (peek() === ',') {
        at++;
        skipSpace();
        if (peek() === ']') fail('trailing comma before ]');
        continue;
      }
      if (peek() === ']') {
        at++;
        return;
      }
      fail(`expected ',' or ']', found ${describeHere()}`);
    }
  };

  try {
    readValue();
    skipSpace();
    if (at < text.length) fail(`unexpected ${describeHere()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at);
    const line = before.split('\n').length;
    const column = error.at - before.lastIndexOf('\n');
    return { line, column, path: [...path], reason: error.reason };
  }
}
