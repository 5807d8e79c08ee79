// Generated from action.yml by scripts/action-inputs.js (run by `npm run bundle`); do not edit.
// The command (src/command.ts) turns each input into a flag and a CLAUDE_CLOUD_<NAME> variable.

export interface ActionInput {
  name: string
  description: string
  default?: string
}

export const ACTION_INPUTS: readonly ActionInput[] = [
  {
    "name": "prompt",
    "description": "The task for Claude Code. Exactly one of `prompt` and `prompt-file` is required."
  },
  {
    "name": "prompt-file",
    "description": "Path to a file holding the task (relative to the workspace). Exactly one of `prompt` and `prompt-file` is required."
  },
  {
    "name": "provider",
    "description": "Where the model runs: `anthropic` (the Claude API), `bedrock`, `vertex`, `foundry` (Microsoft Foundry), `anthropic-aws` (Claude Platform on AWS) or `anthropic-google-cloud` (Claude on Google Cloud, operated by Anthropic).",
    "default": "anthropic"
  },
  {
    "name": "region",
    "description": "Bedrock: the AWS region (default AWS_REGION or AWS_DEFAULT_REGION from the environment). Vertex: the Google Cloud region, CLOUD_ML_REGION (default `global`). Claude Platform on AWS: the workspace's AWS region (default AWS_REGION or AWS_DEFAULT_REGION). Claude on Google Cloud: the location, ANTHROPIC_GOOGLE_CLOUD_LOCATION (default `global`)."
  },
  {
    "name": "fallback-regions",
    "description": "Comma-separated regions to continue in, with the same session, when the model throttles or is over quota (Bedrock and Vertex)."
  },
  {
    "name": "allow-cross-geography-failover",
    "description": "Vertex: allow `fallback-regions` on another continent than `region` (data would leave the region's geography on failover). Default false: such a fallback is an input error.",
    "default": "false"
  },
  {
    "name": "region-strategy",
    "description": "How the model gateway picks a region for each request (Bedrock and Vertex): `failover` sends every request to `region` first and moves a throttled one (429, 503, 529) or an unreachable one at once to the next of `fallback-regions`; `spread` starts each request at the next region in turn (round-robin), with the same moves.",
    "default": "failover"
  },
  {
    "name": "model",
    "description": "Model id for the main loop (ANTHROPIC_MODEL and `--model`). Unset, Claude Code's own default for the provider."
  },
  {
    "name": "fallback-models",
    "description": "Comma-separated models (Foundry: deployments) to continue in, with the same session, when the model throttles or is overloaded (Claude API, also on AWS and Google Cloud, and Foundry; Bedrock and Vertex use fallback-regions)."
  },
  {
    "name": "small-fast-model",
    "description": "Model id for background tasks (ANTHROPIC_SMALL_FAST_MODEL and ANTHROPIC_DEFAULT_HAIKU_MODEL)."
  },
  {
    "name": "small-fast-model-region",
    "description": "Bedrock region for the small, fast model (ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION)."
  },
  {
    "name": "max-output-tokens",
    "description": "CLAUDE_CODE_MAX_OUTPUT_TOKENS. Bedrock defaults to 4096; elsewhere it is set only when given."
  },
  {
    "name": "max-thinking-tokens",
    "description": "MAX_THINKING_TOKENS. Bedrock defaults to 1024; elsewhere it is set only when given."
  },
  {
    "name": "anthropic-api-key",
    "description": "Claude API key, for `provider: anthropic`."
  },
  {
    "name": "anthropic-federation-rule-id",
    "description": "Keyless Claude API: the workload identity federation rule (`fdrl_...`) that exchanges the job's OIDC token for short-lived access tokens. With it, no `anthropic-api-key`."
  },
  {
    "name": "anthropic-organization-id",
    "description": "Keyless Claude API: the Anthropic organization ID (a UUID) the federation rule belongs to."
  },
  {
    "name": "anthropic-service-account-id",
    "description": "Keyless Claude API: the service account (`svac_...`) the federation rule acts as."
  },
  {
    "name": "anthropic-workspace-id",
    "description": "Keyless Claude API, optional: the workspace (`wrkspc_...`), when the rule is scoped to several."
  },
  {
    "name": "role-to-assume",
    "description": "IAM role ARN to assume with the job's GitHub OIDC token, for Bedrock or Claude Platform on AWS."
  },
  {
    "name": "role-session-name",
    "description": "Session name for the assumed role, which CloudTrail records with every call. Default `claude-code-action-` followed by the run id and attempt, e.g. `claude-code-action-4242-1`."
  },
  {
    "name": "role-duration-seconds",
    "description": "Lifetime of the assumed-role credentials, 900 to 43200. The action renews them while Claude Code runs.",
    "default": "3600"
  },
  {
    "name": "session-policy",
    "description": "Inline session policy (JSON) for the assumed role, or `none`. By default the session may only call bedrock:InvokeModel, InvokeModelWithResponseStream, ListInferenceProfiles and GetInferenceProfile, and, through Bedrock only, aws-marketplace:ViewSubscriptions and Subscribe (a model's first use) (Claude Platform on AWS: aws-external-anthropic:CreateInference and CountTokens on workspaces), whatever else the role allows."
  },
  {
    "name": "allowed-account-ids",
    "description": "Comma-separated AWS account ids; the step fails, before Claude Code starts, if the assumed role is in any other account."
  },
  {
    "name": "audience",
    "description": "Audience of the GitHub OIDC token. Default `sts.amazonaws.com` for Bedrock and Claude Platform on AWS, `https://iam.googleapis.com/` followed by the provider name for Vertex and Claude on Google Cloud, and `https://api.anthropic.com` for the keyless Claude API. Foundry: default `api://AzureADTokenExchange`."
  },
  {
    "name": "id-token-env",
    "description": "Outside GitHub Actions (the command): the environment variable that holds the job's OIDC token (JWT), e.g. a GitLab `id_tokens:` name. It is used whatever `audience` says; set the audience in the CI."
  },
  {
    "name": "id-token-file",
    "description": "Outside GitHub Actions (the command), a file holding the job's OIDC token (JWT); it is re-read at each renewal."
  },
  {
    "name": "bedrock-api-key",
    "description": "Bedrock API key (AWS_BEARER_TOKEN_BEDROCK), instead of a role."
  },
  {
    "name": "anthropic-aws-api-key",
    "description": "Claude Platform on AWS: a workspace API key (ANTHROPIC_AWS_API_KEY), instead of a role. With neither, the job's AWS credentials are used."
  },
  {
    "name": "workspace-id",
    "description": "Claude Platform on AWS and Claude on Google Cloud, required: the workspace (`wrkspc_...`) the calls go to, from the Claude Console of the organization linked to the cloud account. Not `anthropic-workspace-id`, which is for the keyless Claude API."
  },
  {
    "name": "sts-endpoint",
    "description": "Base URL of the token service. Bedrock: AWS STS, e.g. `https://sts.us-east-1.amazonaws.com` (AWS_ENDPOINT_URL_STS also works), also for Claude Platform on AWS. Vertex and Claude on Google Cloud: Google STS, default `https://sts.googleapis.com`."
  },
  {
    "name": "workload-identity-provider",
    "description": "Vertex and Claude on Google Cloud: full name of the Workload Identity Federation provider, `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`."
  },
  {
    "name": "service-account",
    "description": "Vertex and Claude on Google Cloud, optional service account email to impersonate. Without it the federated identity calls the model directly."
  },
  {
    "name": "project-id",
    "description": "Vertex, the Google Cloud project (ANTHROPIC_VERTEX_PROJECT_ID); Claude on Google Cloud, the project (ANTHROPIC_GOOGLE_CLOUD_PROJECT). Default the project of `service-account`."
  },
  {
    "name": "iam-credentials-endpoint",
    "description": "Vertex and Claude on Google Cloud, base URL of the IAM Credentials API. Default `https://iamcredentials.googleapis.com`."
  },
  {
    "name": "foundry-resource",
    "description": "Foundry, the resource name (ANTHROPIC_FOUNDRY_RESOURCE), as in `https://NAME.services.ai.azure.com`. Exactly one of `foundry-resource` and `foundry-base-url` is required for `provider: foundry`."
  },
  {
    "name": "foundry-base-url",
    "description": "Foundry, the full endpoint instead of a resource name (ANTHROPIC_FOUNDRY_BASE_URL), e.g. `https://NAME.services.ai.azure.com/anthropic`."
  },
  {
    "name": "azure-client-id",
    "description": "Foundry, keyless: the client ID of the Entra app registration or user-assigned managed identity whose federated credential trusts this workflow. The job's OIDC token is exchanged for an Entra access token."
  },
  {
    "name": "azure-tenant-id",
    "description": "Foundry, keyless, with `azure-client-id`: the Entra tenant (directory) ID of that app or identity."
  },
  {
    "name": "foundry-api-key",
    "description": "Foundry API key (ANTHROPIC_FOUNDRY_API_KEY), instead of `azure-client-id`. With neither, the job's Azure credentials (e.g. `azure/login`) are used."
  },
  {
    "name": "max-turns",
    "description": "Stop after this many agent turns (`--max-turns`)."
  },
  {
    "name": "max-budget-usd",
    "description": "Stop when the run has cost this many US dollars (`--max-budget-usd`)."
  },
  {
    "name": "allowed-tools",
    "description": "Tools Claude may use without asking, comma or newline separated, e.g. `Read,Grep,Bash(git diff:*)` (`--allowedTools`)."
  },
  {
    "name": "disallowed-tools",
    "description": "Tools Claude may not use, comma or newline separated (`--disallowedTools`)."
  },
  {
    "name": "fail-on-permission-denials",
    "description": "Fail the step when Claude Code refused a tool call that nothing allowed (the `permission-denials` output). Either way each refusal is a warning naming the `allowed-tools` entry that would allow it.",
    "default": "false"
  },
  {
    "name": "append-system-prompt",
    "description": "Text appended to the system prompt (`--append-system-prompt`)."
  },
  {
    "name": "json-schema",
    "description": "JSON Schema for structured output (`--json-schema`); the result appears in `structured-output`."
  },
  {
    "name": "settings",
    "description": "Claude Code settings, as a JSON object or a path to a JSON file (`--settings`)."
  },
  {
    "name": "claude-args",
    "description": "Further CLI arguments, split like a shell would split them but never run through one. A --settings or --mcp-config here is merged with the action's own, which win."
  },
  {
    "name": "claude-version",
    "description": "Version of `@anthropic-ai/claude-code` to install, exact (`2.1.331`) or `latest`.",
    "default": "2.1.331"
  },
  {
    "name": "claude-path",
    "description": "Path to an installed `claude` executable; skips the install."
  },
  {
    "name": "tool-cache",
    "description": "Directory the installer keeps Claude Code in (default RUNNER_TOOL_CACHE on GitHub, else ~/.cache/claude-cloud-action). On GitLab, a path inside the project directory can be cached between pipelines."
  },
  {
    "name": "working-directory",
    "description": "Directory Claude Code runs in. Default the workspace."
  },
  {
    "name": "timeout-minutes",
    "description": "Stop Claude Code after this many minutes (SIGTERM, then SIGKILL); outputs so far are still set."
  },
  {
    "name": "show-full-output",
    "description": "Show each turn's text and each tool result in full, in collapsed log groups. Default one summary line each: the logs of a public repository are public, and only known credentials are masked. The execution file always has everything.",
    "default": "false"
  },
  {
    "name": "export-env",
    "description": "Export the non-secret Claude Code variables (provider, region, models) for later steps.",
    "default": "true"
  },
  {
    "name": "export-credentials",
    "description": "Also export the credentials for later steps. The post step blanks them again.",
    "default": "false"
  },
  {
    "name": "output-dir",
    "description": "Outside GitHub Actions (the command): directory for outputs.json, outputs.env (a dotenv report), summary.md and the execution file, relative to the current directory.",
    "default": "claude-cloud-action-output"
  },
  {
    "name": "comment-on-pr",
    "description": "On pull request events, post the result as one sticky PR comment that later runs update.",
    "default": "false"
  },
  {
    "name": "allowed-users",
    "description": "On events a stranger can cause (issues, comments, reviews, discussions, pull_request_target) a run needs the actor to have write access to the repository (checked through the API with `github-token`); these logins, comma separated, may start one without it. `*` lets anyone."
  },
  {
    "name": "allowed-bots",
    "description": "Bots that may start a run on events a stranger can cause (as allowed-users), e.g. `renovate[bot]`, comma separated; `*` for every bot. Other bots start none."
  },
  {
    "name": "untrusted-paths",
    "description": "Folders, relative to the workspace and comma separated, whose files someone untrusted wrote (a fork PR checked out under `pull_request_target`). No CLAUDE.md, CLAUDE.local.md, .claude/CLAUDE.md or .claude/rules file from them is loaded (`claudeMdExcludes`), and skills are off for the run (`--disable-slash-commands`)."
  },
  {
    "name": "isolation",
    "description": "Claude Code's subprocess isolation on Linux (`CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1`): Bash, hooks and MCP servers run without credentials in their environment and see no other process. Needs bubblewrap and socat, which the action installs with apt-get when it may (root or passwordless sudo). `auto`: on when the run allows Bash, hooks or MCP servers and it can be had, else one warning; `required`: fail where it cannot be had; `off`: never.",
    "default": "auto"
  },
  {
    "name": "comment-tag",
    "description": "Tells apart several sticky comments on one PR, e.g. `security-review`."
  },
  {
    "name": "review-comments",
    "description": "On pull request events (and GitLab merge request pipelines), gives Claude Code a tool to comment on lines of the diff (with ```suggestion blocks) and posts the comments as one review after the run.",
    "default": "false"
  },
  {
    "name": "max-review-comments",
    "description": "Most line comments in the review; further ones are listed in the review body while it has room, then in the job summary.",
    "default": "25"
  },
  {
    "name": "incremental",
    "description": "With review-comments, after an earlier review of the pull request: Claude's diff file holds only the changes since the head it reviewed (the whole diff is named as a second file). A force-push reviews it all.",
    "default": "true"
  },
  {
    "name": "check-name",
    "description": "With review-comments, the name of the check run (GitHub, needs checks: write) or commit status (GitLab) that carries Claude's verdict; make it a required check to block merging on a fail.",
    "default": "Claude review"
  },
  {
    "name": "max-pr-cost-usd",
    "description": "With review-comments, the most a pull request's reviews may cost across runs; once reached, later runs do not start Claude Code (conclusion skipped)."
  },
  {
    "name": "pull-request",
    "description": "Number of a pull request of this repository to work on, on any event (workflow_dispatch, schedule), as on pull_request. Commenter checks still apply to the event that started the run."
  },
  {
    "name": "github-token",
    "description": "Token for the PR comment, the PR's diff and files, and the trigger check. It never reaches Claude Code.",
    "default": "${{ github.token }}"
  },
  {
    "name": "gitlab-token",
    "description": "GitLab token with `api` scope for the merge request note (default the GITLAB_TOKEN variable; CI_JOB_TOKEN cannot write notes). Pass it as a masked CI/CD variable, not on the command line."
  }
]
