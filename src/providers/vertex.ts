import type { PrepareProvider } from './provider.js'

export const prepareVertex: PrepareProvider = async () => {
  throw new Error('provider vertex is not available yet')
}
