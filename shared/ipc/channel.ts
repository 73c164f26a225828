import type { z } from 'zod';

/**
 * One IPC channel: the zod schema its request must pass in main, and (as a phantom type) what
 * it answers. Channel names are `domain.verb`; the preload and the harness client turn them into
 * `window.api.domain.verb(request)`.
 */
export interface ChannelSpec<Req extends z.ZodTypeAny, Res> {
  request: Req;
  /** Phantom: never read at run time, carries the response type. */
  response?: Res;
}

export function channel<Res>() {
  return <Req extends z.ZodTypeAny>(request: Req): ChannelSpec<Req, Res> => ({ request });
}
