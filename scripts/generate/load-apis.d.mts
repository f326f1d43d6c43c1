export declare const repoRoot: string;

/** One `apis` entry of the manifest, with its `x-dbpass` metadata. */
export interface ApiEntry {
  /** The `apis` key (`taurusdb`). */
  readonly name: string;
  /** Absolute path of the root spec. */
  readonly root: string;
  /** Absolute path of the generated schema file. */
  readonly schemaOutput: string;
  /** Absolute path of the generated package. */
  readonly packageDir: string;
  /** The npm package generated from the spec. */
  readonly package: string;
  readonly title: string;
  readonly description: string;
  readonly [meta: string]: unknown;
}

export declare function loadApiEntries(manifestPath?: string): Promise<ApiEntry[]>;
export declare function bundleSpec(root: string, options: { dereference: boolean }): Promise<unknown>;
