/**
 * The TypeScript type of the values a JSON Schema declared `as const` accepts, for the keywords the plan's schema
 * uses: the plan's types are read from its schema, never written a second time. `oneOf` branches that only add
 * `required` (one of two properties) constrain an object without changing its shape and are not read.
 */
export type SchemaType<S> = S extends { readonly const: infer Value }
  ? Value
  : S extends { readonly enum: readonly (infer Value)[] }
    ? Value
    : S extends { readonly properties: infer Properties }
      ? ObjectType<Properties, RequiredOf<S>>
      : S extends { readonly oneOf: readonly (infer Branch)[] }
        ? SchemaType<Branch>
        : S extends { readonly type: 'array'; readonly items: infer Item }
          ? readonly SchemaType<Item>[]
          : S extends { readonly type: 'object'; readonly additionalProperties: infer Value extends object }
            ? Readonly<Record<string, SchemaType<Value>>>
            : S extends { readonly type: 'string' }
              ? string
              : S extends { readonly type: 'integer' | 'number' }
                ? number
                : S extends { readonly type: 'boolean' }
                  ? boolean
                  : unknown;

type RequiredOf<S> = S extends { readonly required: readonly (infer Name)[] } ? Name : never;

/** Optional properties also take `undefined`, so that callers compile under `exactOptionalPropertyTypes`. */
type ObjectType<Properties, Required> = Flat<
  { readonly [Name in keyof Properties as Name extends Required ? Name : never]: SchemaType<Properties[Name]> } & {
    readonly [Name in keyof Properties as Name extends Required ? never : Name]?:
      | SchemaType<Properties[Name]>
      | undefined;
  }
>;

type Flat<T> = { [Name in keyof T]: T[Name] } & {};
