/** What the console frame hands its own pages: a handler wrapper that builds the page context, and the plugins' blocks. */
import type { Context } from 'hono';
import type { ConsoleCtx } from '../../kit/console/context.tsx';

export type WithCtx = (handler: (x: ConsoleCtx) => Response | Promise<Response>) => (c: Context) => Promise<Response>;

/** Blocks (dashboard charts, settings sections) the plugins serving a user's tenant contribute, for that user's roles. */
export type BlocksOf = (x: ConsoleCtx, where: 'dashboard' | 'settings') => Promise<unknown[]>;
