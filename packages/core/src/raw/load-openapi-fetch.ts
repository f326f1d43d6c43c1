/** openapi-fetch, an optional peer dependency: only the raw entry needs it, and says so when it is missing. */
export async function loadOpenapiFetch(): Promise<typeof import('openapi-fetch')> {
  try {
    return await import('openapi-fetch');
  } catch (error) {
    throw new Error(
      'the dbpass raw client (`/raw`) needs openapi-fetch, an optional peer dependency: install it with `npm install openapi-fetch@^0.17.0`',
      { cause: error },
    );
  }
}
