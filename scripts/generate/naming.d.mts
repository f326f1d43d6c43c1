/** The client method of an operation: `ResetGaussMySqlPassword` -> `resetGaussMySqlPassword`. */
export declare const methodName: (operationId: string) => string;
