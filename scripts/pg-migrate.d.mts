/** Types of scripts/pg-migrate.mjs (plain Node ESM, so npm start can run it without tsx). */
export declare const PG_MIGRATIONS: string;
export declare function pendingOnDisk(dir?: string): { name: string; sql: string; checksum: string }[];
export declare function migratePostgres(url: string, options?: { dir?: string }): Promise<string[]>;
