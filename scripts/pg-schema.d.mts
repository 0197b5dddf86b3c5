/** Types of scripts/pg-schema.mjs. */
export declare const SQLITE_SCHEMA: string;
export declare const PG_SCHEMA: string;
export declare function postgresSchema(sqlite: string): string;
