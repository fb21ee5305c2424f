// What a command may hand to whoever ran it: another extension can call executeCommand() and read the result.

/**
 * A command's result as another extension may see it: JSON-like data (a created hog function, a test run's
 * result) passes; anything holding a class instance (a panel, a store, the session, and through them the key) is
 * replaced by undefined, so executeCommand() never becomes a way around SecretStorage's isolation.
 */
export function plainDataOnly(result: unknown): unknown {
  return isPlainData(result, 0) ? result : undefined;
}

function isPlainData(value: unknown, depth: number): boolean {
  if (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  )
    return true;
  if (typeof value !== 'object' || depth > 32) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isPlainData(item, depth + 1));
}
