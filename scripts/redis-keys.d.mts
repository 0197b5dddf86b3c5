export function deleteKeysWithPrefix(url: string, prefix: string): Promise<void>;
