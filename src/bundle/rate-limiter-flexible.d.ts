// The two files of rate-limiter-flexible that src/bundle/rate-limiter-memory.ts bundles: CommonJS
// classes without declarations of their own (the package's types.d.ts types them through its index).
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  const RateLimiterMemory: unknown
  export default RateLimiterMemory
}
declare module 'rate-limiter-flexible/lib/RateLimiterQueue.js' {
  const RateLimiterQueue: unknown
  export default RateLimiterQueue
}
