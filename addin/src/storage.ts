/** The slice of the Web Storage API the add-in uses; tests pass an in-memory one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Every key currently stored. */
  keys(): string[];
  /** False for the in-memory fallback, whose contents end with the page. */
  readonly persistent?: boolean;
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    keys: () => [...map.keys()],
    persistent: false,
  };
}

/** `localStorage` when the runtime has a working one (some add-in runtimes and private modes do not). */
export function browserStorage(): KeyValueStorage {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (storage) {
      const probe = '__dsguard_probe__';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return {
        getItem: (key) => storage.getItem(key),
        setItem: (key, value) => storage.setItem(key, value),
        removeItem: (key) => storage.removeItem(key),
        keys: () =>
          Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => k !== null),
        persistent: true,
      };
    }
  } catch {
    // fall through: storage exists but refuses writes
  }
  return memoryStorage();
}

export function readJson<T>(storage: KeyValueStorage, key: string): T | undefined {
  try {
    const text = storage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}
