// How generated code names things, shared by the generator and the docs portal (which shows the same names).

/** The client method of an operation: `ResetGaussMySqlPassword` -> `resetGaussMySqlPassword`. */
export const methodName = (operationId) => operationId[0].toLowerCase() + operationId.slice(1);
