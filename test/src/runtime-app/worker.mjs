// A Worker: the configuration (credentials included) from its env bindings, the result as the response.
import { threeCalls } from './calls.mjs';

export default {
  async fetch(_request, env) {
    try {
      return Response.json(await threeCalls(JSON.parse(env.CONFIG)));
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
