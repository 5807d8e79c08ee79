export const id = 668;
export const ids = [668];
export const modules = {

/***/ 668:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareBedrock: () => (/* binding */ prepareBedrock)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/private-file.ts

/** Writes a 0600 file atomically (temp file, then rename), so a reader never sees half a credential. */
function writePrivateFile(file, content) {
    const partial = `${file}.${process.pid}.partial`;
    (0,external_node_fs_.writeFileSync)(partial, content, { mode: 0o600 });
    (0,external_node_fs_.renameSync)(partial, file);
}

;// CONCATENATED MODULE: ./src/renewal.ts
// Renews a short-lived credential at half its remaining life while Claude Code runs, so runs of
// any length keep working. A failed renewal is retried sooner; the old credential stays in place.

const MIN_DELAY_MS = 1000;
const RETRY_DELAY_MS = 15_000;
/** Starts renewing; the returned function stops it and waits for a renewal in flight. */
function keepRenewing(renewable, expiresAt) {
    let timer;
    let inFlight = Promise.resolve();
    let stopped = false;
    let current = expiresAt;
    const schedule = (delayMs) => {
        if (stopped)
            return;
        timer = setTimeout(() => {
            inFlight = renewable.renew().then(next => {
                current = next;
                core/* info */.pq(`Renewed the ${renewable.name}; it now expires at ${new Date(next).toISOString()}`);
                schedule(halfLife(next));
            }, (error) => {
                core/* warning */.$e(`Could not renew the ${renewable.name}: ${error.message}`);
                schedule(Math.min(RETRY_DELAY_MS, halfLife(current)));
            });
        }, delayMs);
        // The CLI keeps the process alive; a pending renewal alone must not.
        timer.unref();
    };
    schedule(halfLife(expiresAt));
    return async () => {
        stopped = true;
        clearTimeout(timer);
        await inFlight;
    };
}
function halfLife(expiresAt) {
    return Math.max(MIN_DELAY_MS, (expiresAt - Date.now()) / 2);
}

// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
;// CONCATENATED MODULE: ./src/oidc.ts
// The job's GitHub OIDC token: fetched with bounded retries, masked at once, decoded for hints.



const ID_TOKEN_PERMISSION_HELP = [
    'This job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set).',
    'Give the workflow or the job this permission:',
    '  permissions:',
    '    id-token: write',
    '    contents: read',
    'On pull_request events from forks GitHub never grants it; see docs/security.md.'
].join('\n');
/** Fails fast, with the YAML to add, when the job lacks `permissions: id-token: write`. */
function assertIdTokenAvailable(env = process.env) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        throw new Error(ID_TOKEN_PERMISSION_HELP);
    }
}
async function fetchIdToken(audience, deadline) {
    assertIdTokenAvailable();
    const jwt = await (0,retry/* withRetry */.b)(() => core/* getIDToken */.V9(audience), {
        attempts: 5,
        deadline,
        isRetryable: error => {
            // @actions/core reports only "Error Code : <status>" in its message.
            const status = /Error Code : (\d+)/.exec(String(error.message))?.[1];
            return status === undefined || (0,retry/* isTransient */.d)(Number(status));
        },
        onRetry: (error, attempt, delayMs) => core/* info */.pq(`GitHub OIDC token request failed (${firstLine(error)}); attempt ${attempt + 1} in ${delayMs} ms`)
    });
    (0,secrets/* addSecret */.Ck)(jwt);
    return { jwt, ...decodeClaims(jwt) };
}
function decodeClaims(jwt) {
    try {
        const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return {
            subject: typeof claims.sub === 'string' ? claims.sub : undefined,
            expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined
        };
    }
    catch {
        return {};
    }
}
function firstLine(error) {
    return String(error.message ?? error).replace(/\s+/g, ' ').trim().slice(0, 200);
}

;// CONCATENATED MODULE: ./src/providers/aws-role.ts
// STS AssumeRoleWithWebIdentity with the job's OIDC token: retried only where a retry can help,
// explained where it cannot, and with every credential part masked as soon as it arrives.







/** An OIDC token this close to expiry is replaced before the next STS attempt. */
const TOKEN_MARGIN_MS = 30_000;
async function assumeRoleWithOidc(auth, region, deadline) {
    const client = new dist_cjs/* STSClient */.iM({
        region,
        endpoint: auth.stsEndpoint,
        maxAttempts: 1,
        // Node 24 agents read HTTPS_PROXY / NO_PROXY themselves when given the environment.
        requestHandler: {
            httpAgent: new (external_node_http_default()).Agent({ proxyEnv: process.env }),
            httpsAgent: new (external_node_https_default()).Agent({ proxyEnv: process.env })
        }
    });
    let token = await fetchIdToken(auth.audience, deadline);
    let forceNewToken = false;
    try {
        const response = await (0,retry/* withRetry */.b)(async () => {
            if (forceNewToken || (token.expiresAt && token.expiresAt * 1000 - Date.now() < TOKEN_MARGIN_MS)) {
                token = await fetchIdToken(auth.audience, deadline);
                forceNewToken = false;
            }
            return client.send(new dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
                RoleArn: auth.roleArn,
                RoleSessionName: auth.sessionName,
                WebIdentityToken: token.jwt,
                DurationSeconds: auth.durationSeconds
            }));
        }, {
            attempts: 6,
            deadline,
            isRetryable: error => {
                const e = error;
                if (e.name === 'ExpiredTokenException')
                    forceNewToken = true;
                return forceNewToken || e.name === 'IDPCommunicationError' || (0,retry/* isTransient */.d)(e.$metadata?.httpStatusCode, e.code ?? e.name, e.name);
            },
            onRetry: (error, attempt, delayMs) => core/* info */.pq(`STS AssumeRoleWithWebIdentity failed (${describe(error)}); attempt ${attempt + 1} in ${delayMs} ms`)
        });
        const credentials = response.Credentials;
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
            throw new Error('STS answered without credentials');
        }
        (0,secrets/* addSecret */.Ck)(credentials.AccessKeyId);
        (0,secrets/* addSecret */.Ck)(credentials.SecretAccessKey);
        (0,secrets/* addSecret */.Ck)(credentials.SessionToken);
        return {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            sessionToken: credentials.SessionToken,
            expiresAt: credentials.Expiration?.getTime() ?? Date.now() + auth.durationSeconds * 1000,
            accountId: response.AssumedRoleUser?.Arn?.split(':')[4]
        };
    }
    catch (error) {
        throw new Error(explain(error, auth, token), { cause: error });
    }
    finally {
        client.destroy();
    }
}
function describe(error) {
    const status = error.$metadata?.httpStatusCode;
    return [error.name ?? error.code, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ') || String(error.message);
}
/** Turns STS's terse errors into the cause and the fix. */
function explain(error, auth, token) {
    const message = error.message ?? String(error);
    const subject = token.subject ?? 'unknown';
    if (error.name === 'AccessDenied' || /not authorized to perform sts:AssumeRoleWithWebIdentity/i.test(message)) {
        return (`STS refused to let this job assume ${auth.roleArn}: ${message}\n` +
            `The role's trust policy does not accept this job's token. Its conditions must match ` +
            `token.actions.githubusercontent.com:sub = "${subject}" and :aud = "${auth.audience}"; see docs/aws.md.`);
    }
    if (error.name === 'InvalidIdentityToken' || error.name === 'InvalidIdentityTokenException') {
        return (`STS rejected the GitHub OIDC token (InvalidIdentityToken): ${message}\n` +
            `The account of ${auth.roleArn} needs an IAM OIDC identity provider for https://token.actions.githubusercontent.com ` +
            `whose audience list holds "${auth.audience}"; see docs/aws.md.`);
    }
    if (error.name === 'ValidationError' && /DurationSeconds/i.test(message)) {
        return `STS refused role-duration-seconds ${auth.durationSeconds}: ${message}\nLower role-duration-seconds, or raise the role's maximum session duration.`;
    }
    return `STS AssumeRoleWithWebIdentity for ${auth.roleArn} failed (${describe(error)}): ${message}`;
}

;// CONCATENATED MODULE: ./src/providers/bedrock.ts
// Amazon Bedrock: an assumed role through OIDC, a Bedrock API key, or the ambient AWS chain.







/** The helper Claude Code runs (awsCredentialExport) to read the credentials the action keeps fresh. */
const EXPORT_HELPER = external_node_path_default().join(external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url)), 'aws-credential-export.js');
const prepareBedrock = async ({ settings, tempDir, deadline }) => {
    const bedrock = settings.provider;
    const session = {
        region: bedrock.region,
        env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: bedrock.region },
        credentialEnv: {},
        regionEnv: region => ({ AWS_REGION: region }),
        credentialFiles: []
    };
    const auth = bedrock.auth;
    if (auth.kind === 'api-key') {
        (0,secrets/* addSecret */.Ck)(auth.apiKey);
        session.credentialEnv.AWS_BEARER_TOKEN_BEDROCK = auth.apiKey;
        core/* info */.pq('Bedrock: using the Bedrock API key');
        return session;
    }
    if (auth.kind === 'ambient') {
        core/* info */.pq('Bedrock: no role-to-assume or bedrock-api-key given; Claude Code uses the ambient AWS credential chain (env, profile or instance role)');
        return session;
    }
    core/* info */.pq(`Bedrock: assuming ${auth.roleArn} with the job's OIDC token`);
    const credentials = await assumeRoleWithOidc(auth, bedrock.region, deadline);
    core/* info */.pq(`Bedrock: assumed ${auth.roleArn} in account ${credentials.accountId ?? 'unknown'}, valid until ${new Date(credentials.expiresAt).toISOString()}`);
    const credentialsFile = external_node_path_default().join(tempDir, 'aws-credentials.json');
    writeCredentialsFile(credentialsFile, credentials);
    session.awsAccountId = credentials.accountId;
    session.credentialFiles.push(credentialsFile);
    // The CLI asks the helper (it takes precedence over env credentials) at start and again whenever
    // Bedrock calls a credential expired, so the keys stay out of the env of every tool it runs.
    session.exportedCredentialEnv = {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken
    };
    session.cliSettings = { awsCredentialExport: `"${process.execPath}" "${EXPORT_HELPER}" "${credentialsFile}"` };
    session.keepFresh = () => keepRenewing({
        name: 'AWS credentials',
        renew: async () => {
            const next = await assumeRoleWithOidc(auth, bedrock.region, Date.now() + 60_000);
            writeCredentialsFile(credentialsFile, next);
            return next.expiresAt;
        }
    }, credentials.expiresAt);
    return session;
};
/** The shape `aws sts assume-role` prints, which is what awsCredentialExport must print. */
function writeCredentialsFile(file, credentials) {
    writePrivateFile(file, JSON.stringify({
        Credentials: {
            AccessKeyId: credentials.accessKeyId,
            SecretAccessKey: credentials.secretAccessKey,
            SessionToken: credentials.sessionToken,
            Expiration: new Date(credentials.expiresAt).toISOString()
        }
    }));
}


/***/ })

};
