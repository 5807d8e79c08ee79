export const id = 450;
export const ids = [450];
export const modules = {

/***/ 6434:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FR: () => (/* binding */ fetchIdToken),
/* harmony export */   Lw: () => (/* binding */ readJwtClaims)
/* harmony export */ });
/* unused harmony exports ID_TOKEN_PERMISSION_HELP, assertIdTokenAvailable, decodeClaims */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9809);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7194);
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
    const jwt = await (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .b)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience), {
        attempts: 5,
        deadline,
        isRetryable: error => {
            // @actions/core reports only "Error Code : <status>" in its message.
            const status = /Error Code : (\d+)/.exec(String(error.message))?.[1];
            return status === undefined || (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .isTransient */ .d)(Number(status));
        },
        onRetry: (error, attempt, delayMs) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub OIDC token request failed (${firstLine(error)}); attempt ${attempt + 1} in ${delayMs} ms`)
    });
    (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .addSecret */ .Ck)(jwt);
    return { jwt, ...decodeClaims(jwt) };
}
function decodeClaims(jwt) {
    const claims = readJwtClaims(jwt);
    return {
        subject: typeof claims.sub === 'string' ? claims.sub : undefined,
        expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined
    };
}
/** A JWT's claims, unverified: only for hints and scheduling, never for trust. */
function readJwtClaims(jwt) {
    try {
        const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return claims && typeof claims === 'object' ? claims : {};
    }
    catch {
        return {};
    }
}
function firstLine(error) {
    return String(error.message ?? error).replace(/\s+/g, ' ').trim().slice(0, 200);
}


/***/ }),

/***/ 6299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ writePrivateFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

/** Writes a 0600 file atomically (temp file, then rename), so a reader never sees half a credential. */
function writePrivateFile(file, content) {
    const partial = `${file}.${process.pid}.partial`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(partial, content, { mode: 0o600 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(partial, file);
}


/***/ }),

/***/ 1450:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareVertex: () => (/* binding */ prepareVertex),
  warnAboutOtherProjects: () => (/* binding */ warnAboutOtherProjects)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 15 modules
var core = __webpack_require__(4116);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __webpack_require__(2691);
// EXTERNAL MODULE: ./src/renewal.ts
var renewal = __webpack_require__(5691);
// EXTERNAL MODULE: ./src/oidc.ts
var oidc = __webpack_require__(6434);
// EXTERNAL MODULE: ./src/private-file.ts
var private_file = __webpack_require__(6299);
;// CONCATENATED MODULE: ./src/providers/gcp-external-account.ts
// The `external_account` credentials file Claude Code's google-auth-library reads through
// GOOGLE_APPLICATION_CREDENTIALS, and the GitHub OIDC token file it names as credential_source.
// The file holds a JWT for the audience only, never the runner's OIDC request URL or token.


/** GitHub's OIDC tokens live five minutes; assumed when a token carries no `exp`. */
const DEFAULT_TOKEN_LIFE_MS = 5 * 60_000;
function externalAccountConfig(auth, tokenFile) {
    const config = {
        type: 'external_account',
        audience: `//iam.googleapis.com/${auth.provider}`,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `${auth.stsEndpoint}/v1/token`,
        credential_source: { file: tokenFile, format: { type: 'text' } }
    };
    if (auth.serviceAccount) {
        config.service_account_impersonation_url =
            `${auth.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${auth.serviceAccount}:generateAccessToken`;
    }
    return config;
}
function writeExternalAccountFile(file, config) {
    (0,private_file/* writePrivateFile */.P)(file, `${JSON.stringify(config, null, 2)}\n`);
}
/** Fetches a fresh GitHub OIDC token for the audience and replaces the token file with it, atomically. */
async function refreshTokenFile(file, audience, deadline) {
    const token = await (0,oidc/* fetchIdToken */.FR)(audience, deadline);
    (0,private_file/* writePrivateFile */.P)(file, token.jwt);
    return { ...token, expiresAtMs: token.expiresAt ? token.expiresAt * 1000 : Date.now() + DEFAULT_TOKEN_LIFE_MS };
}

// EXTERNAL MODULE: ./node_modules/google-auth-library/build/src/index.js
var src = __webpack_require__(492);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/providers/gcp-preflight.ts
// One token exchange before Claude Code starts, through the very credentials file the CLI will read,
// so a wrong provider name, a failing attribute condition or a missing impersonation grant fails in
// seconds with its cause named, instead of as an API error after minutes of CLI retries.





async function exchangeOnce(config, auth, subjectToken, deadline) {
    // The transports honour HTTPS_PROXY / NO_PROXY themselves (gaxios), as the CLI's do.
    const client = src.ExternalAccountClient.fromJSON(config);
    if (!client)
        throw new Error('google-auth-library did not accept the external_account configuration');
    try {
        const { token } = await (0,retry/* withRetry */.b)(() => beforeDeadline(client.getAccessToken(), deadline), {
            attempts: 2,
            deadline,
            // gaxios has already retried 5xx and dropped connections three times by now.
            isRetryable: error => {
                const failure = describeFailure(error);
                return (0,retry/* isTransient */.d)(failure.status, failure.code);
            },
            onRetry: (error, attempt, delayMs) => core/* info */.pq(`Google token exchange failed (${summary(describeFailure(error))}); attempt ${attempt + 1} in ${delayMs} ms`)
        });
        if (!token)
            throw new Error('Google answered without an access token');
        (0,secrets/* addSecret */.Ck)(token);
        return { token, expiresAt: client.credentials.expiry_date ?? undefined };
    }
    catch (error) {
        throw new Error(explainExchangeError(describeFailure(error), auth, subjectToken), { cause: error });
    }
}
function beforeDeadline(promise, deadline) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('Google did not answer in time'), { code: 'ETIMEDOUT' })), Math.max(0, deadline - Date.now()));
        timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
function describeFailure(error) {
    const response = error.response;
    const url = String(response?.config?.url ?? error.config?.url ?? '');
    const data = response?.data;
    if (!response)
        return { hop: 'network', code: error.code, description: error.message ?? String(error), url: url || undefined };
    if (typeof data?.error === 'string') {
        // Google STS answers in OAuth form: {"error": "invalid_target", "error_description": "..."}.
        return { hop: 'sts', status: response.status, code: data.error, description: String(data.error_description ?? ''), url };
    }
    const google = data?.error;
    return {
        hop: url.includes(':generateAccessToken') ? 'iam' : 'sts',
        status: response.status,
        code: google?.status,
        description: google?.message ?? error.message ?? '',
        url
    };
}
function summary(failure) {
    return [failure.code, failure.status ? `HTTP ${failure.status}` : undefined].filter(Boolean).join(', ') || failure.description;
}
/** Turns Google's terse answers into the likely cause and the fix. */
function explainExchangeError(failure, auth, subjectToken) {
    const claims = (0,oidc/* readJwtClaims */.Lw)(subjectToken);
    const google = `${summary(failure)}: ${failure.description}`;
    const pool = auth.provider.replace(/\/providers\/[^/]+$/, '');
    if (failure.hop === 'network') {
        return (`Could not reach ${failure.url || 'Google'} for the token exchange: ${failure.description}\n` +
            'Check sts-endpoint and iam-credentials-endpoint, and HTTPS_PROXY / NO_PROXY if the runner needs a proxy (both are honoured).');
    }
    if (failure.hop === 'sts') {
        switch (failure.code) {
            case 'invalid_target':
                return (`Google STS does not know the workload identity provider ${auth.provider} (${google})\n` +
                    'Check workload-identity-provider: it takes the project number (not the id), and the pool and provider must exist and be enabled: ' +
                    `gcloud iam workload-identity-pools providers describe ${auth.provider.split('/').pop()} --workload-identity-pool=${pool.split('/').pop()} --location=global --project=${auth.provider.split('/')[1]}`);
            case 'unauthorized_client':
                return (`The provider's attribute condition rejected this job's token (${google})\n` +
                    `This job's token has sub "${claims.sub ?? 'unknown'}", repository "${claims.repository ?? 'unknown'}" and ref "${claims.ref ?? 'unknown'}"; ` +
                    `change the provider's --attribute-condition to admit it, e.g. assertion.repository == '${claims.repository ?? 'OWNER/REPO'}'.`);
            case 'invalid_grant':
                return (`Google STS refused the GitHub OIDC token (${google})\n` +
                    `The token's audience is "${claims.aud ?? auth.audience}": the provider's allowed audiences must include it (or be empty, which admits https://iam.googleapis.com/${auth.provider}), ` +
                    'and its issuer must be https://token.actions.githubusercontent.com. Set the audience input to match the provider.');
            case 'invalid_request':
                return `Google STS refused the token exchange for ${auth.provider} (${google})\nCheck workload-identity-provider and audience.`;
        }
        return `The Google STS token exchange for ${auth.provider} failed (${google})`;
    }
    const account = auth.serviceAccount ?? 'the service account';
    if (failure.status === 403) {
        return (`This job may not impersonate ${account} (${google})\n` +
            "Grant roles/iam.workloadIdentityUser on the service account to the job's federated principal, e.g.\n" +
            `  gcloud iam service-accounts add-iam-policy-binding ${account} --role=roles/iam.workloadIdentityUser ` +
            `--member="principalSet://iam.googleapis.com/${pool}/attribute.repository/${claims.repository ?? 'OWNER/REPO'}"\n` +
            "and check that the IAM Service Account Credentials API (iamcredentials.googleapis.com) is enabled in the service account's project.");
    }
    if (failure.status === 404) {
        return `The service account ${account} was not found (${google})\nCheck service-account: it must exist, in the project its email names.`;
    }
    return `IAM Credentials generateAccessToken for ${account} failed (${google})`;
}

;// CONCATENATED MODULE: ./src/providers/vertex.ts
// Google Vertex AI: Workload Identity Federation with the job's GitHub OIDC token (optionally
// impersonating a service account), or the job's own Google credentials. Claude Code does the
// token exchange itself from an external_account file; the action keeps that file's JWT fresh.







/** Variables Claude Code or google-auth-library may read a project from besides ANTHROPIC_VERTEX_PROJECT_ID. */
const PROJECT_VARIABLES = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'];
const prepareVertex = async ({ settings, tempDir, deadline }) => {
    const vertex = settings.provider;
    warnAboutOtherProjects(vertex.projectId, process.env);
    const session = {
        region: vertex.region,
        env: {
            CLAUDE_CODE_USE_VERTEX: '1',
            CLOUD_ML_REGION: vertex.region,
            ANTHROPIC_VERTEX_PROJECT_ID: vertex.projectId,
            // So every Google client the CLI (or a tool it runs) creates resolves the same project.
            GOOGLE_CLOUD_PROJECT: vertex.projectId,
            GCLOUD_PROJECT: vertex.projectId
        },
        credentialEnv: {},
        regionEnv: region => ({ CLOUD_ML_REGION: region }),
        credentialFiles: []
    };
    const auth = vertex.auth;
    if (auth.kind === 'ambient') {
        describeAmbientCredentials(vertex.projectId, process.env);
        core/* info */.pq(`Vertex: project ${vertex.projectId}, region ${vertex.region}`);
        return session;
    }
    try {
        await useWorkloadIdentity(session, auth, settings, tempDir, deadline);
    }
    catch (error) {
        // main.ts gets no session to clean up after a failed exchange; the JWT must not wait for the post step.
        (0,cleanup/* removeCredentialFiles */.d)(session.credentialFiles);
        throw error;
    }
    core/* info */.pq(`Vertex: project ${vertex.projectId}, region ${vertex.region}`);
    return session;
};
async function useWorkloadIdentity(session, auth, settings, tempDir, deadline) {
    const tokenFile = external_node_path_default().join(tempDir, 'github-oidc-token.jwt');
    const credentialsFile = external_node_path_default().join(tempDir, 'gcp-external-account.json');
    session.credentialFiles.push(credentialsFile, tokenFile);
    if (process.env.GOOGLE_APPLICATION_CREDENTIALS) {
        core/* info */.pq(`Vertex: the job's GOOGLE_APPLICATION_CREDENTIALS (${process.env.GOOGLE_APPLICATION_CREDENTIALS}) is replaced for Claude Code by the Workload Identity credentials`);
    }
    const via = auth.serviceAccount ? `, impersonating ${auth.serviceAccount}` : ', without impersonation (direct resource access)';
    core/* info */.pq(`Vertex: exchanging the job's OIDC token (audience ${auth.audience}) with ${auth.provider}${via}`);
    let token = await refreshTokenFile(tokenFile, auth.audience, deadline);
    const config = externalAccountConfig(auth, tokenFile);
    writeExternalAccountFile(credentialsFile, config);
    const access = await exchangeOnce(config, auth, token.jwt, deadline);
    const until = access.expiresAt ? `, valid until ${new Date(access.expiresAt).toISOString()}` : '';
    core/* info */.pq(`Vertex: Google accepted the token; ${auth.serviceAccount ? `impersonated ${auth.serviceAccount}` : 'federated access token issued'}${until}`);
    session.credentialEnv.GOOGLE_APPLICATION_CREDENTIALS = credentialsFile;
    const renew = async () => {
        token = await refreshTokenFile(tokenFile, auth.audience, Date.now() + 60_000);
        return token.expiresAtMs;
    };
    // Claude Code exchanges the JWT again for every request, so the file must always hold a live one.
    session.keepFresh = () => {
        const stop = (0,renewal/* keepRenewing */.L)({ name: 'GitHub OIDC token for Google STS', renew }, token.expiresAtMs);
        return async () => {
            await stop();
            if (settings.exportCredentials)
                await refreshForLaterSteps(renew);
        };
    };
}
/** Later steps get the file with a freshly fetched JWT; it lives as long as GitHub lets it. */
async function refreshForLaterSteps(renew) {
    try {
        const expiresAt = await renew();
        core/* info */.pq(`Vertex: GOOGLE_APPLICATION_CREDENTIALS stays usable by later steps until ${new Date(expiresAt).toISOString()}, ` +
            'when its GitHub OIDC token expires; Google clients keep the access tokens they obtained before that for up to an hour.');
    }
    catch (error) {
        core/* warning */.$e(`Could not refresh the GitHub OIDC token for later steps: ${error.message}`);
    }
}
/** Claude Code's URL uses ANTHROPIC_VERTEX_PROJECT_ID; other variables naming another project mislead. */
function warnAboutOtherProjects(projectId, env) {
    for (const name of ['ANTHROPIC_VERTEX_PROJECT_ID', ...PROJECT_VARIABLES]) {
        const value = env[name];
        if (value && value !== projectId) {
            core/* warning */.$e(`The job sets ${name}=${value}, but Vertex runs in project ${projectId} (project-id); Claude Code gets ${name}=${projectId}.`);
        }
    }
}
/** Says which Google credentials Claude Code will find, and where their project differs. */
function describeAmbientCredentials(projectId, env) {
    const file = env.GOOGLE_APPLICATION_CREDENTIALS;
    if (!file) {
        core/* info */.pq('Vertex: no workload-identity-provider given; Claude Code uses Application Default Credentials ' +
            '(gcloud auth application-default login, or the metadata server of a Google Cloud runner)');
        return;
    }
    core/* info */.pq(`Vertex: no workload-identity-provider given; Claude Code uses the job's GOOGLE_APPLICATION_CREDENTIALS (${file})`);
    let credentials;
    try {
        credentials = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (error) {
        core/* warning */.$e(`GOOGLE_APPLICATION_CREDENTIALS names ${file}, which cannot be read as JSON (${error.message}); Claude Code will fail to authenticate.`);
        return;
    }
    // A key file's project_id does not move the requests (ANTHROPIC_VERTEX_PROJECT_ID does), but its
    // quota project is sent as x-goog-user-project and must allow this principal to use it.
    const quota = credentials.quota_project_id;
    if (quota && quota !== projectId) {
        core/* warning */.$e(`The credentials file ${file} sets quota_project_id ${quota}: Vertex requests in project ${projectId} will be charged to its quota.`);
    }
}


/***/ }),

/***/ 5691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ keepRenewing)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
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
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Renewed the ${renewable.name}; it now expires at ${new Date(next).toISOString()}`);
                schedule(halfLife(next));
            }, (error) => {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not renew the ${renewable.name}: ${error.message}`);
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


/***/ })

};
