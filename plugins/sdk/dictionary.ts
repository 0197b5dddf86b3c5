/**
 * Values → dense codes 0, 1, 2… in order of first sight: the dictionary encoding of categorical
 * columns (frames, stored segments, file readers). `dictionary[code]` is the value again.
 */
export class DictionaryEncoder<T extends string | number = string> {
  readonly dictionary: T[] = [];
  private readonly index = new Map<T, number>();

  /** The value's code, a new one (the dictionary's length) the first time it is seen. */
  code(value: T): number {
    let code = this.index.get(value);
    if (code === undefined) this.index.set(value, (code = this.dictionary.push(value) - 1));
    return code;
  }
}
