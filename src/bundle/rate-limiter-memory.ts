// Bundled in place of rate-limiter-flexible (tsconfig.build.json), whose index loads every store it
// supports (Redis, Mongo, MySQL, Postgres, DynamoDB, Prisma, Drizzle, Valkey, SQLite, etcd…), about
// 70 KB of dist/: @gitbeaker/requester-utils uses two of its classes, the in-memory limiter and the
// queue in front of it, which are these, unchanged (the package's types.d.ts describes them).
import type * as Flexible from '../../node_modules/rate-limiter-flexible/types.js'
import memory from 'rate-limiter-flexible/lib/RateLimiterMemory.js'
import queue from 'rate-limiter-flexible/lib/RateLimiterQueue.js'

export const RateLimiterMemory = memory as typeof Flexible.RateLimiterMemory
export const RateLimiterQueue = queue as typeof Flexible.RateLimiterQueue
