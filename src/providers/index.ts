// The provider registry: the run loads only the provider in use, so a Claude API run never parses
// the AWS or Google SDK. A new provider is one module beside this file and one case below.
import type { ProviderSettings } from '../settings/settings.js'
import type { PrepareProvider } from './provider.js'

/** The prepare function of the provider these settings name, its module loaded on demand. */
export async function loadProvider(provider: ProviderSettings): Promise<PrepareProvider> {
  return (await loadFor(provider)) as PrepareProvider
}

// Each case returns the module for its own settings type; the one cast above is sound because the
// switch picks the module by the same name the settings carry.
async function loadFor(provider: ProviderSettings): Promise<PrepareProvider<never>> {
  switch (provider.name) {
    case 'anthropic':
      // One module per auth method: keyless workload identity, or the key / login already in the env.
      if (provider.federation) return (await import('./anthropic-federation.js')).prepareAnthropicFederation
      return (await import('./anthropic.js')).prepareAnthropic
    case 'bedrock':
      return (await import('./bedrock.js')).prepareBedrock
    case 'vertex':
      return (await import('./vertex.js')).prepareVertex
    case 'foundry':
      return (await import('./foundry.js')).prepareFoundry
    case 'anthropic-aws':
      return (await import('./anthropic-aws.js')).prepareAnthropicAws
    case 'anthropic-google-cloud':
      return (await import('./anthropic-google-cloud.js')).prepareAnthropicGoogleCloud
  }
}
