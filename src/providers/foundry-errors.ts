// What a Foundry model error means for the Azure side: the CLI reports only the status and Foundry's text.

/** The fix for an HTTP status Foundry answered the CLI with; undefined for statuses that need no hint. */
export function explainFoundryStatus(status: number | null | undefined): string | undefined {
  if (status === 401) {
    return 'Foundry refused the credentials (401): the Entra token is for another tenant or resource, or foundry-api-key is wrong; check azure-tenant-id and the resource (docs/azure.md).'
  }
  if (status === 403) {
    return 'Foundry denied access (403): give the app or managed identity the Azure AI User (or Cognitive Services User) role on the Foundry resource; new role assignments take a few minutes.'
  }
  if (status === 404) {
    return 'Foundry has no such deployment (404): set model to the deployment name shown in the Foundry portal, and check foundry-resource or foundry-base-url.'
  }
  return undefined
}
