/**
 * What a server-caller answer looks like after the HTTP round trip (Dates become ISO strings), so a
 * server page can hand it to a client component as the same type the client's queries return.
 */
export function wire<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
