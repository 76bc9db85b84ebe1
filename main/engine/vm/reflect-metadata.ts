/**
 * The three Reflect metadata functions tsyringe (a dependency of @peculiar/x509) asks for at load time. The
 * `reflect-metadata` package is not a dependency of Berth; x509 only registers its algorithm classes, which have no
 * constructor parameters, so a metadata store per target and key is all it uses. Import this before @peculiar/x509.
 * (If `reflect-metadata` is ever installed and imported first, this leaves it alone.)
 */
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  getOwnMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object, property?: string | symbol) => void;
};

const reflect = Reflect as MetadataReflect;
if (!reflect.getMetadata) {
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const slot = (property: string | symbol | undefined, key: unknown) => `${String(property ?? '')}\0${String(key)}`;
  reflect.defineMetadata = (key, value, target, property) => {
    let entries = store.get(target);
    if (!entries) store.set(target, (entries = new Map()));
    entries.set(slot(property, key), value);
  };
  reflect.getOwnMetadata = (key, target, property) => store.get(target)?.get(slot(property, key));
  reflect.getMetadata = (key, target, property) => {
    for (let current: object | null = target; current; current = Object.getPrototypeOf(current) as object | null) {
      const value = store.get(current)?.get(slot(property, key));
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

export {};
