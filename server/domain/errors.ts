/**
 * Domain errors carry the HTTP status they map to. tRPC and the v1 route handlers both translate
 * them in one place, so services never import transport code.
 */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "UNAVAILABLE";

const STATUS: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: { fields?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = "DomainError";
    this.status = STATUS[code];
  }
}

export const badRequest = (message: string, fields?: FieldIssue[]) =>
  new DomainError("BAD_REQUEST", message, fields ? { fields } : undefined);
export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const conflict = (message: string, fields?: FieldIssue[]) =>
  new DomainError("CONFLICT", message, fields ? { fields } : undefined);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
