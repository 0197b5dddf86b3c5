/**
 * Text → dictionary codes in order of first appearance, for the file readers. The SDK's
 * DictionaryEncoder does the same, but these readers import nothing of the SDK at run time: the
 * read worker loads them through tsx, and the SDK index would add ~0.5 s to its start.
 */
export function textDictionary(): { dictionary: string[]; code: (s: string) => number } {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const code = (s: string) => {
    let c = index.get(s);
    if (c === undefined) index.set(s, (c = dictionary.push(s) - 1));
    return c;
  };
  return { dictionary, code };
}
