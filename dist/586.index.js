export const id = 586;
export const ids = [586];
export const modules = {

/***/ 2691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ removeCredentialFiles)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
// Removing what the run leaves behind; shared by the main step's end and the post step.


function removeCredentialFiles(files) {
    for (const file of files) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(file, { force: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not remove ${file}: ${error.message}`);
        }
    }
}


/***/ }),

/***/ 6586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 15 modules
var core = __webpack_require__(4116);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/claude/env.ts
/**
 * Runner internals the agent must never see: the OIDC request token, the cache/artifact token, and
 * the file commands through which a prompt-injected `echo … >> $GITHUB_ENV` would reach later steps.
 */
const RUNNER_INTERNALS = [
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_OUTPUT',
    'GITHUB_STATE'
];
/** So CI sends no telemetry and never updates the pinned CLI under a running job. */
const QUIET = {
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1'
};
/** The deployment guide's values for Bedrock; elsewhere the CLI's own defaults stand. */
const BEDROCK_DEFAULTS = { CLAUDE_CODE_MAX_OUTPUT_TOKENS: '4096', MAX_THINKING_TOKENS: '1024' };
function buildClaudeEnv(settings, session, base) {
    const settingsEnv = { ...QUIET, ...session.env, ...modelEnv(settings, base) };
    const env = {};
    for (const [name, value] of Object.entries(base)) {
        // INPUT_* holds the action's inputs (API keys, the GitHub token); STATE_* is the post step's.
        if (RUNNER_INTERNALS.includes(name) || name.startsWith('INPUT_') || name.startsWith('STATE_'))
            continue;
        env[name] = value;
    }
    Object.assign(env, settingsEnv, session.credentialEnv);
    return { env, settingsEnv, credentialEnv: { ...(session.exportedCredentialEnv ?? session.credentialEnv) } };
}
/** An input wins over the workflow's env; the workflow's env wins over the action's defaults. */
function modelEnv(settings, base) {
    const { models, provider } = settings;
    const defaults = provider.name === 'bedrock' ? BEDROCK_DEFAULTS : {};
    const wanted = {
        ANTHROPIC_MODEL: models.model,
        ANTHROPIC_SMALL_FAST_MODEL: models.smallFastModel,
        // Newer CLIs read the Haiku slot instead of the small-fast one.
        ANTHROPIC_DEFAULT_HAIKU_MODEL: models.smallFastModel,
        ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION: models.smallFastModelRegion,
        CLAUDE_CODE_MAX_OUTPUT_TOKENS: models.maxOutputTokens,
        MAX_THINKING_TOKENS: models.maxThinkingTokens
    };
    const env = {};
    for (const [name, value] of Object.entries(wanted)) {
        const chosen = value !== undefined ? String(value) : base[name] ? undefined : defaults[name];
        if (chosen !== undefined)
            env[name] = chosen;
    }
    return env;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/claude/execution-file.ts
// The raw stream-json events of the run, redacted of every known secret, written as they arrive.



class ExecutionFile {
    path;
    stream;
    decoder = new external_node_string_decoder_.StringDecoder('utf8');
    /** Held back in case a secret continues in the next chunk. */
    tail = '';
    constructor(path) {
        this.path = path;
        this.stream = (0,external_node_fs_.createWriteStream)(path, { flags: 'a', mode: 0o600 });
    }
    /** Returns false when the caller should wait for `drain` before writing more. */
    write(chunk) {
        const text = (0,secrets/* redact */.E$)(this.tail + this.decoder.write(chunk));
        const hold = Math.min(text.length, Math.max(0, (0,secrets/* longestSecretLength */.pA)() - 1));
        this.tail = text.slice(text.length - hold);
        return this.stream.write(text.slice(0, text.length - hold));
    }
    onDrain(resume) {
        this.stream.once('drain', resume);
    }
    /** Ends the current attempt's output; the file stays open for a failover attempt. */
    flush() {
        const rest = (0,secrets/* redact */.E$)(this.tail + this.decoder.end());
        this.tail = '';
        if (rest)
            this.stream.write(rest);
    }
    async close() {
        this.flush();
        await new Promise((resolve, reject) => this.stream.end((error) => (error ? reject(error) : resolve())));
    }
}

;// CONCATENATED MODULE: ./src/claude/argv.ts
/** Flags the action itself relies on; claude-args may not change them. */
const RESERVED_FLAGS = ['-p', '--print', '--output-format', '--input-format', '--resume', '-r', '--continue', '-c'];
const CONTINUE_PROMPT = 'The previous request failed in another region. Continue the task from where it stopped.';
function buildArgv(settings, cliSettings, turn) {
    const { cli, models } = settings;
    const args = ['-p', '--output-format', 'stream-json', '--verbose'];
    if (models.model)
        args.push('--model', models.model);
    if (cli.maxTurns !== undefined)
        args.push('--max-turns', String(cli.maxTurns));
    if (cli.maxBudgetUsd !== undefined)
        args.push('--max-budget-usd', String(cli.maxBudgetUsd));
    if (cli.allowedTools.length > 0)
        args.push('--allowedTools', ...cli.allowedTools);
    if (cli.disallowedTools.length > 0)
        args.push('--disallowedTools', ...cli.disallowedTools);
    if (cli.appendSystemPrompt)
        args.push('--append-system-prompt', cli.appendSystemPrompt);
    if (cli.jsonSchema)
        args.push('--json-schema', cli.jsonSchema);
    if (cliSettings && Object.keys(cliSettings).length > 0)
        args.push('--settings', JSON.stringify(cliSettings));
    if (turn.resume)
        args.push('--resume', turn.resume);
    args.push(...cli.extraArgs, '--', turn.prompt);
    return args;
}
/** The user's --settings with what the action needs on top (e.g. awsCredentialExport). */
function mergeCliSettings(user, action) {
    if (!user && !action)
        return undefined;
    return { ...user, ...action };
}

;// CONCATENATED MODULE: ./src/claude/result.ts
// What the CLI reports: the stream's progress while it runs, and the final `result` event.
/** What the stream has told so far; all a timed-out or crashed run leaves behind. */
class Progress {
    sessionId;
    model;
    cliVersion;
    result;
    messages = new Map();
    observe(event) {
        if (event.session_id)
            this.sessionId = event.session_id;
        if (event.type === 'system' && event.subtype === 'init') {
            this.model = typeof event.model === 'string' ? event.model : this.model;
            this.cliVersion = typeof event.claude_code_version === 'string' ? event.claude_code_version : this.cliVersion;
        }
        else if (event.type === 'assistant' && event.message?.id) {
            // One assistant event per content block; they share the message id and its usage.
            this.messages.set(event.message.id, toUsage(event.message.usage));
        }
        else if (event.type === 'result') {
            this.result = event;
        }
    }
    get turns() {
        return this.messages.size;
    }
    get usage() {
        return sumUsage([...this.messages.values()]);
    }
}
function toUsage(usage) {
    return {
        inputTokens: usage?.input_tokens ?? 0,
        outputTokens: usage?.output_tokens ?? 0,
        cacheReadInputTokens: usage?.cache_read_input_tokens ?? 0,
        cacheCreationInputTokens: usage?.cache_creation_input_tokens ?? 0
    };
}
function sumUsage(all) {
    return all.reduce((sum, u) => ({
        inputTokens: sum.inputTokens + u.inputTokens,
        outputTokens: sum.outputTokens + u.outputTokens,
        cacheReadInputTokens: sum.cacheReadInputTokens + u.cacheReadInputTokens,
        cacheCreationInputTokens: sum.cacheCreationInputTokens + u.cacheCreationInputTokens
    }), toUsage(undefined));
}
/** The model that did the work: the one with the most output in modelUsage, else the init event's. */
function mainModel(result, fallback) {
    const entries = Object.entries(result?.modelUsage ?? {});
    if (entries.length === 0)
        return fallback;
    entries.sort(([, a], [, b]) => (b.outputTokens ?? 0) - (a.outputTokens ?? 0));
    return fallback && result?.modelUsage?.[fallback] ? fallback : entries[0][0];
}
/** Throttling, overload or quota: worth continuing in another region. */
function isCapacityError(result) {
    if (!result?.is_error)
        return false;
    if (result.api_error_status === 429 || result.api_error_status === 529)
        return true;
    return /\b(429|529)\b|throttl|too many requests|overloaded|quota|rate.?limit/i.test(`${result.result ?? ''} ${(result.errors ?? []).join(' ')}`);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/claude/line-splitter.ts
// Splits a byte stream into lines while holding at most `maxLineBytes` of one unfinished line, so
// a long run never sits in memory. Longer lines are reported by size only, not buffered.
class LineSplitter {
    maxLineBytes;
    onLine;
    parts = [];
    pendingBytes = 0;
    oversizedBytes = 0;
    /** The most bytes ever held at once; tests assert on it. */
    maxBufferedBytes = 0;
    constructor(maxLineBytes, onLine) {
        this.maxLineBytes = maxLineBytes;
        this.onLine = onLine;
    }
    push(chunk) {
        let start = 0;
        for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
            this.append(chunk.subarray(start, newline));
            this.emit();
            start = newline + 1;
        }
        this.append(chunk.subarray(start));
    }
    /** The last line, when the stream ends without a newline. */
    end() {
        if (this.pendingBytes > 0 || this.oversizedBytes > 0)
            this.emit();
    }
    append(piece) {
        if (piece.length === 0)
            return;
        if (this.oversizedBytes > 0) {
            this.oversizedBytes += piece.length;
            return;
        }
        if (this.pendingBytes + piece.length > this.maxLineBytes) {
            this.oversizedBytes = this.pendingBytes + piece.length;
            this.parts = [];
            this.pendingBytes = 0;
            return;
        }
        // Copy: the chunk's memory belongs to the stream and may be reused.
        this.parts.push(Buffer.from(piece));
        this.pendingBytes += piece.length;
        this.maxBufferedBytes = Math.max(this.maxBufferedBytes, this.pendingBytes);
    }
    emit() {
        if (this.oversizedBytes > 0) {
            this.onLine({ oversizedBytes: this.oversizedBytes });
        }
        else {
            this.onLine(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pendingBytes));
        }
        this.parts = [];
        this.pendingBytes = 0;
        this.oversizedBytes = 0;
    }
}

;// CONCATENATED MODULE: ./src/claude/run.ts
// Runs `claude -p` once: argv only (no shell), stdin closed (an open pipe makes it wait 3 s), stdout
// parsed line by line into the log and the execution file, a deadline enforced with SIGTERM then SIGKILL.



/** One event larger than this is kept in the execution file but not parsed or logged. */
const MAX_EVENT_BYTES = 8 * 1024 * 1024;
const STDERR_TAIL_CHARS = 4000;
function runClaude(options) {
    const progress = new Progress();
    const outcome = {
        exitCode: null,
        signal: null,
        timedOut: false,
        cancelled: false,
        progress,
        stderrTail: '',
        nonJsonLines: 0,
        oversizedEvents: 0,
        maxBufferedBytes: 0
    };
    const splitter = new LineSplitter(MAX_EVENT_BYTES, line => {
        if (!Buffer.isBuffer(line)) {
            outcome.oversizedEvents++;
            return;
        }
        const event = parseEvent(line);
        if (!event) {
            if (line.length > 0)
                outcome.nonJsonLines++;
            return;
        }
        progress.observe(event);
        options.onEvent?.(event);
    });
    return new Promise(resolve => {
        const child = (0,external_node_child_process_.spawn)(options.executable, options.args, {
            cwd: options.cwd,
            env: options.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            // Its own process group, so a timeout also stops the tools it started.
            detached: process.platform !== 'win32'
        });
        const stop = (signal) => {
            try {
                if (child.pid && process.platform !== 'win32')
                    process.kill(-child.pid, signal);
                else
                    child.kill(signal);
            }
            catch {
                // Already gone.
            }
        };
        const timers = [];
        const terminate = () => {
            stop('SIGTERM');
            timers.push(setTimeout(() => stop('SIGKILL'), options.killGraceMs ?? 10_000));
        };
        if (options.deadline !== undefined) {
            timers.push(setTimeout(() => {
                outcome.timedOut = true;
                terminate();
            }, Math.max(0, options.deadline - Date.now())));
        }
        const onAbort = () => {
            outcome.cancelled = true;
            terminate();
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.signal?.aborted)
            onAbort();
        child.stdout.on('data', (chunk) => {
            splitter.push(chunk);
            if (!options.executionFile.write(chunk)) {
                // Backpressure: let the file catch up instead of buffering the stream in memory.
                child.stdout.pause();
                options.executionFile.onDrain(() => child.stdout.resume());
            }
        });
        child.stderr.on('data', (chunk) => {
            outcome.stderrTail = (outcome.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
        });
        let finished = false;
        const finish = (code, signal) => {
            if (finished)
                return;
            finished = true;
            for (const timer of timers)
                clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            splitter.end();
            options.executionFile.flush();
            outcome.exitCode = code;
            outcome.signal = signal;
            outcome.maxBufferedBytes = splitter.maxBufferedBytes;
            resolve(outcome);
        };
        child.on('error', error => {
            outcome.spawnError = error;
            if (child.pid === undefined)
                finish(null, null);
        });
        child.on('exit', () => {
            // A grandchild that inherited stdout must not keep the step waiting for 'close'.
            const timer = setTimeout(() => {
                child.stdout.destroy();
                child.stderr.destroy();
            }, 5000);
            timer.unref();
            timers.push(timer);
        });
        child.on('close', finish);
    });
}
function parseEvent(line) {
    // Cheap check first: a non-JSON line is not worth a thrown exception per line.
    if (line.length === 0 || line[0] !== 0x7b)
        return undefined;
    try {
        const event = JSON.parse(line.toString('utf8'));
        return event && typeof event === 'object' ? event : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/claude/stream-log.ts
// Turns stream-json events into the step log as they arrive: one readable line per turn, tool use
// included, with the full text folded into a collapsed group under that line.



/** The log shows this much of one block; the execution file keeps everything. */
const MAX_GROUP_CHARS = 16_000;
const MAX_LINE_CHARS = 160;
class StreamLog {
    turn = 0;
    messageId;
    toolNames = new Map();
    write(event) {
        switch (event.type) {
            case 'system':
                return this.system(event);
            case 'assistant':
                // The CLI sends one event per content block; blocks of one message are one turn.
                if (event.message?.id !== this.messageId || !event.message?.id) {
                    this.messageId = event.message?.id;
                    this.turn++;
                }
                return this.blocks(event, block => this.assistantBlock(block));
            case 'user':
                return this.blocks(event, block => this.toolResult(block));
            case 'result':
                return this.result(event);
        }
    }
    system(event) {
        if (event.subtype === 'init') {
            const tools = Array.isArray(event.tools) ? event.tools.length : 0;
            core/* info */.pq(`Claude Code ${String(event.claude_code_version ?? '')} · model ${String(event.model ?? '?')} · ${tools} tools · session ${String(event.session_id ?? '?')}`);
        }
        else if (event.subtype === 'api_retry') {
            const status = event.error_status ?? event.status ?? '';
            core/* info */.pq(`  API retry ${String(event.attempt ?? '?')}/${String(event.max_retries ?? '?')} ${status ? `after HTTP ${String(status)}` : ''}`);
        }
    }
    blocks(event, each) {
        const content = event.message?.content;
        if (Array.isArray(content))
            for (const block of content)
                each(block);
    }
    assistantBlock(block) {
        if (block.type === 'text' && block.text) {
            this.group(`Turn ${this.turn}: ${oneLine(block.text)}`, block.text);
        }
        else if (block.type === 'tool_use') {
            if (block.id)
                this.toolNames.set(block.id, block.name ?? 'tool');
            this.group(`Turn ${this.turn}: → ${block.name ?? 'tool'} ${oneLine(describeToolInput(block.input))}`, JSON.stringify(block.input ?? {}, null, 2));
        }
    }
    toolResult(block) {
        if (block.type !== 'tool_result')
            return;
        const text = contentText(block.content);
        const name = this.toolNames.get(String(block.tool_use_id)) ?? 'tool';
        const lines = text.split('\n').length;
        this.group(`  ↳ ${name} ${block.is_error ? 'failed' : 'returned'} ${lines} line${lines === 1 ? '' : 's'}: ${oneLine(text)}`, text);
    }
    result(result) {
        const mark = result.is_error ? '✗' : '✓';
        const cost = result.total_cost_usd !== undefined ? ` · $${result.total_cost_usd.toFixed(4)}` : '';
        const seconds = result.duration_ms !== undefined ? ` · ${(result.duration_ms / 1000).toFixed(1)} s` : '';
        core/* info */.pq(`${mark} ${result.subtype ?? 'result'} · ${result.num_turns ?? 0} turns${cost}${seconds}`);
    }
    group(title, body) {
        core/* startGroup */.Oh((0,secrets/* redact */.E$)(title));
        const shown = body.length > MAX_GROUP_CHARS ? `${body.slice(0, MAX_GROUP_CHARS)}\n… ${body.length - MAX_GROUP_CHARS} more characters in the execution file` : body;
        logVerbatim((0,secrets/* redact */.E$)(shown));
        core/* endGroup */.N4();
    }
}
/**
 * Prints text the agent or its tools produced with workflow commands switched off, so a line like
 * `::add-mask::` or `::set-env` in a file Claude read cannot act on the runner.
 */
function logVerbatim(text) {
    const token = (0,external_node_crypto_.randomUUID)();
    core/* info */.pq(`::stop-commands::${token}`);
    core/* info */.pq(text);
    core/* info */.pq(`::${token}::`);
}
function describeToolInput(input) {
    if (!input)
        return '';
    for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
        if (typeof input[key] === 'string')
            return input[key];
    }
    return JSON.stringify(input);
}
function contentText(content) {
    if (typeof content === 'string')
        return content;
    if (Array.isArray(content)) {
        return content.map(part => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('\n');
    }
    return '';
}
function oneLine(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > MAX_LINE_CHARS ? `${flat.slice(0, MAX_LINE_CHARS - 1)}…` : flat;
}

;// CONCATENATED MODULE: ./src/claude/failover.ts
// Runs the CLI in the first region and, when that region throttles or is over quota, continues the
// same session (--resume) in the next one, so no work is repeated.





/** While another region remains, a throttled region is given up after this many CLI retries. */
const RETRIES_WITH_FALLBACK = '2';
async function runWithFailover(options) {
    const { settings, session } = options;
    const regions = session.region ? [session.region, ...settings.fallbackRegions] : [undefined];
    const minutes = settings.cli.timeoutMinutes;
    const deadline = minutes !== undefined ? Date.now() + minutes * 60_000 : undefined;
    const cliSettings = mergeCliSettings(settings.cli.settings, session.cliSettings);
    const log = new StreamLog();
    const attempts = [];
    let resume;
    for (const [index, region] of regions.entries()) {
        if (options.signal?.aborted && attempts.length > 0)
            break;
        const hasFallback = index < regions.length - 1;
        const env = { ...options.env, ...(region ? session.regionEnv(region) : {}) };
        if (hasFallback && options.env.CLAUDE_CODE_MAX_RETRIES === undefined)
            env.CLAUDE_CODE_MAX_RETRIES = RETRIES_WITH_FALLBACK;
        if (regions.length > 1)
            core/* info */.pq(`Attempt ${index + 1} of ${regions.length}: region ${region}${resume ? `, resuming session ${resume}` : ''}`);
        const outcome = await runClaude({
            executable: options.executable,
            args: buildArgv(settings, cliSettings, resume ? { prompt: CONTINUE_PROMPT, resume } : { prompt: settings.cli.prompt }),
            env,
            cwd: settings.cli.workingDirectory,
            executionFile: options.executionFile,
            deadline,
            onEvent: event => log.write(event),
            signal: options.signal
        });
        attempts.push({ region, outcome });
        const result = outcome.progress.result;
        resume = result?.session_id ?? outcome.progress.sessionId;
        if (!hasFallback || outcome.timedOut || outcome.cancelled || !resume || !isCapacityError(result))
            break;
        core/* warning */.$e(`Region ${region} is throttled or over quota (${firstLine(result?.result)}); continuing in ${regions[index + 1]}`);
    }
    return attempts;
}
function firstLine(text) {
    return (text ?? '').split('\n')[0].slice(0, 200);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
;// CONCATENATED MODULE: ./src/claude/install.ts
// Finds the Claude Code CLI: the given claude-path, a tool-cache hit, or a fresh npm install into
// the runner's tool cache (layout <cache>/claude-code/<version>/<arch>, as @actions/tool-cache uses).






const PACKAGE = '@anthropic-ai/claude-code';
/** A stalled registry (a TLS or proxy problem) makes npm wait silently; each attempt is cut off here. */
const NPM_TIMEOUT_MS = 180_000;
async function findOrInstallClaude(cli, env = process.env) {
    if (cli.path) {
        core/* info */.pq(`Claude Code: using ${cli.path} (claude-path)`);
        return { path: cli.path, version: 'claude-path' };
    }
    const version = /^\d/.test(cli.version) ? cli.version : await resolveDistTag(cli.version);
    const root = external_node_path_default().join(toolCacheDir(env), 'claude-code', version, external_node_os_default().arch());
    if ((0,external_node_fs_.existsSync)(`${root}.complete`)) {
        const binary = findBinary(root);
        if (binary) {
            core/* info */.pq(`Claude Code ${version}: found in the tool cache`);
            return { path: binary, version };
        }
    }
    const started = Date.now();
    core/* info */.pq(`Claude Code ${version}: installing ${PACKAGE}@${version} from npm into the tool cache`);
    await (0,retry/* withRetry */.b)(() => install(version, root), {
        attempts: 2,
        baseDelayMs: 2000,
        isRetryable: () => true,
        onRetry: (error, attempt, delayMs) => core/* warning */.$e(`Installing Claude Code failed (${error.message}); attempt ${attempt + 1} in ${delayMs} ms`)
    });
    core/* info */.pq(`Claude Code ${version}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { path: findBinary(root), version };
}
function toolCacheDir(env) {
    return env.RUNNER_TOOL_CACHE || external_node_path_default().join(external_node_os_default().homedir(), '.cache', 'claude-cloud-action');
}
/** npm on Node 20 silently installs an old release for a tag or range, so tags become exact first. */
async function resolveDistTag(tag) {
    const { stdout } = await runNpm(['view', `${PACKAGE}@${tag}`, 'version']);
    const version = stdout.trim().split('\n').pop()?.trim() ?? '';
    if (!/^\d+\.\d+\.\d+/.test(version))
        throw new Error(`npm could not resolve ${PACKAGE}@${tag} (got '${version}')`);
    core/* info */.pq(`Claude Code: ${tag} is ${version}`);
    return version;
}
async function install(version, root) {
    const staging = `${root}.partial-${process.pid}`;
    (0,external_node_fs_.rmSync)(staging, { recursive: true, force: true });
    (0,external_node_fs_.mkdirSync)(staging, { recursive: true });
    try {
        // Install scripts are skipped: the native binary ships in a platform package, found below.
        await runNpm(['install', '--prefix', staging, `${PACKAGE}@${version}`, '--no-save', '--no-package-lock', '--no-audit',
            '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error']);
        const binary = findBinary(staging);
        if (!binary)
            throw new Error(`npm installed ${PACKAGE}@${version} but no Claude Code binary for ${process.platform}-${external_node_os_default().arch()}`);
        checkVersion(binary, version);
        (0,external_node_fs_.rmSync)(root, { recursive: true, force: true });
        try {
            (0,external_node_fs_.renameSync)(staging, root);
        }
        catch (error) {
            // Another job on this runner finished the same install first; use theirs.
            if (!(0,external_node_fs_.existsSync)(`${root}.complete`))
                throw error;
        }
        (0,external_node_fs_.writeFileSync)(`${root}.complete`, '');
    }
    finally {
        (0,external_node_fs_.rmSync)(staging, { recursive: true, force: true });
    }
}
/** Runs npm with a hard time limit (@actions/exec can neither time out nor kill a child). */
function runNpm(args) {
    return new Promise((resolve, reject) => {
        // npm is npm.cmd on Windows, which only a shell can start; the arguments are ours, not the user's.
        const child = (0,external_node_child_process_.spawn)('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: NPM_TIMEOUT_MS, killSignal: 'SIGKILL', shell: process.platform === 'win32' });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
        child.on('error', reject);
        child.on('close', (code, signal) => {
            if (code === 0)
                return resolve({ stdout });
            const why = signal ? `was stopped after ${NPM_TIMEOUT_MS / 1000} s (${signal}); is the npm registry reachable?` : `exited with code ${code}`;
            reject(new Error(`npm ${args[0]} ${why} ${stderr.trim().split('\n').slice(-3).join(' ')}`.trim()));
        });
    });
}
/** The native binary of the platform package npm picked; else the package's own bin (older releases). */
function findBinary(root) {
    const scope = external_node_path_default().join(root, 'node_modules', '@anthropic-ai');
    if (!(0,external_node_fs_.existsSync)(scope))
        return undefined;
    const platformPrefix = `claude-code-${process.platform}-${external_node_os_default().arch()}`;
    const binaryName = process.platform === 'win32' ? 'claude.exe' : 'claude';
    for (const entry of (0,external_node_fs_.readdirSync)(scope)) {
        const candidate = external_node_path_default().join(scope, entry, binaryName);
        if (entry.startsWith(platformPrefix) && (0,external_node_fs_.existsSync)(candidate))
            return candidate;
    }
    const manifest = external_node_path_default().join(scope, 'claude-code', 'package.json');
    if (!(0,external_node_fs_.existsSync)(manifest))
        return undefined;
    const { bin } = JSON.parse((0,external_node_fs_.readFileSync)(manifest, 'utf8'));
    const relative = typeof bin === 'string' ? bin : bin?.claude;
    // bin/claude.exe without its install script is a placeholder that only prints an error.
    if (!relative || relative.endsWith('.exe'))
        return undefined;
    return external_node_path_default().join(scope, 'claude-code', relative);
}
function checkVersion(binary, version) {
    const result = (0,external_node_child_process_.spawnSync)(binary, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0 || !result.stdout.includes(version)) {
        throw new Error(`${binary} --version printed '${(result.stdout || result.stderr || String(result.error)).trim()}', not ${version}`);
    }
}

;// CONCATENATED MODULE: ./node_modules/shlex/shlex.js


/*
  Port of a subset of the features of CPython's shlex module, which provides a
  shell-like lexer. Original code by Eric S. Raymond and other contributors.
*/

class Shlexer {
  constructor (string) {
    this.i = 0
    this.string = string

    /**
     * Characters that will be considered whitespace and skipped. Whitespace
     * bounds tokens. By default, includes space, tab, linefeed and carriage
     * return.
     */
    this.whitespace = ' \t\r\n'

    /**
     * Characters that will be considered string quotes. The token accumulates
     * until the same quote is encountered again (thus, different quote types
     * protect each other as in the shell.) By default, includes ASCII single
     * and double quotes.
     */
    this.quotes = `'"`

    /**
     * Characters that will be considered as escape. Just `\` by default.
     */
    this.escapes = '\\'

    /**
     * The subset of quote types that allow escaped characters. Just `"` by default.
     */
    this.escapedQuotes = '"'

    /**
     * Whether to support ANSI C-style $'' quotes
     * https://www.gnu.org/software/bash/manual/html_node/ANSI_002dC-Quoting.html
     */
    this.ansiCQuotes = true

    /**
     * Whether to support localized $"" quotes
     * https://www.gnu.org/software/bash/manual/html_node/Locale-Translation.html
     *
     * The behavior is as if the current locale is set to C or POSIX, i.e., the
     * contents are not translated.
     */
    this.localeQuotes = true

    this.debug = false
  }

  readChar () {
    return this.string.charAt(this.i++)
  }

  processEscapes (string, quote, isAnsiCQuote) {
    if (!isAnsiCQuote && !this.escapedQuotes.includes(quote)) {
      // This quote type doesn't support escape sequences
      return string
    }

    // We need to form a regex that matches any of the escape characters,
    // without interpreting any of the characters as a regex special character.
    const anyEscape = '[' + this.escapes.replace(/(.)/g, '\\$1') + ']'

    // In regular quoted strings, we can only escape an escape character, and
    // the quote character itself.
    if (!isAnsiCQuote && this.escapedQuotes.includes(quote)) {
      const re = new RegExp(
        anyEscape + '(' + anyEscape + '|\\' + quote + ')', 'g')
      return string.replace(re, '$1')
    }

    // ANSI C quoted strings support a wide variety of escape sequences
    if (isAnsiCQuote) {
      const patterns = {
        // Literal characters
        '([\\\\\'"?])': (x) => x,

        // Non-printable ASCII characters
        'a': () => '\x07',
        'b': () => '\x08',
        'e|E': () => '\x1b',
        'f': () => '\x0c',
        'n': () => '\x0a',
        'r': () => '\x0d',
        't': () => '\x09',
        'v': () => '\x0b',

        // Octal bytes
        '([0-7]{1,3})': (x) => String.fromCharCode(parseInt(x, 8)),

        // Hexadecimal bytes
        'x([0-9a-fA-F]{1,2})': (x) => String.fromCharCode(parseInt(x, 16)),

        // Unicode code units
        'u([0-9a-fA-F]{1,4})': (x) => String.fromCharCode(parseInt(x, 16)),
        'U([0-9a-fA-F]{1,8})': (x) => String.fromCharCode(parseInt(x, 16)),

        // Control characters
        // https://en.wikipedia.org/wiki/Control_character#How_control_characters_map_to_keyboards
        'c(.)': (x) => {
          if (x === '?') {
            return '\x7f'
          } else if (x === '@') {
            return '\x00'
          } else {
            return String.fromCharCode(x.charCodeAt(0) & 31)
          }
        }
      }

      // Construct an uber-RegEx that catches all of the above pattern
      const re = new RegExp(
        anyEscape + '(' + Object.keys(patterns).join('|') + ')', 'g')

      // For each match, figure out which subpattern matched, and apply the
      // corresponding function
      return string.replace(re, function (m, p1) {
        for (const matched in patterns) {
          const mm = new RegExp('^' + matched + '$').exec(p1)
          if (mm === null) {
            continue
          }

          return patterns[matched].apply(null, mm.slice(1))
        }
      })
    }

    // Should not get here
    return undefined
  }

  * [Symbol.iterator] () {
    let inQuote = false
    let inDollarQuote = false
    let escaped = false
    let lastDollar = -2 // position of last dollar sign we saw
    let token

    if (this.debug) {
      console.log('full input:', '>' + this.string + '<')
    }

    while (true) {
      const pos = this.i
      const char = this.readChar()

      if (this.debug) {
        console.log(
          'position:', pos,
          'input:', '>' + char + '<',
          'accumulated:', token,
          'inQuote:', inQuote,
          'inDollarQuote:', inDollarQuote,
          'lastDollar:', lastDollar,
          'escaped:', escaped
        )
      }

      // Ran out of characters, we're done
      if (char === '') {
        if (inQuote) { throw new Error('Got EOF while in a quoted string') }
        if (escaped) { throw new Error('Got EOF while in an escape sequence') }
        if (token !== undefined) { yield token }
        return
      }

      // We were in an escape sequence, complete it
      if (escaped) {
        if (char === '\n') {
          // An escaped newline just means to continue the command on the next
          // line. We just need to ignore it.
        } else if (inQuote) {
          // If we are in a quote, just accumulate the whole escape sequence,
          // as we will interpret escape sequences later.
          token = (token || '') + escaped + char
        } else {
          // Just use the literal character
          token = (token || '') + char
        }

        escaped = false
        continue
      }

      if (this.escapes.includes(char)) {
        if (!inQuote || inDollarQuote !== false || this.escapedQuotes.includes(inQuote)) {
          // We encountered an escape character, which is going to affect how
          // we treat the next character.
          escaped = char
          continue
        } else {
          // This string type doesn't use escape characters. Ignore for now.
        }
      }

      // We were in a string
      if (inQuote !== false) {
        // String is finished. Don't grab the quote character.
        if (char === inQuote) {
          token = this.processEscapes(token, inQuote, inDollarQuote === '\'')
          inQuote = false
          inDollarQuote = false
          continue
        }

        // String isn't finished yet, accumulate the character
        token = (token || '') + char
        continue
      }

      // This is the start of a new string, don't accumulate the quotation mark
      if (this.quotes.includes(char)) {
        inQuote = char
        if (lastDollar === pos - 1) {
          if (char === '\'' && !this.ansiCQuotes) {
            // Feature not enabled
          } else if (char === '"' && !this.localeQuotes) {
            // Feature not enabled
          } else {
            inDollarQuote = char
          }
        }

        token = (token || '') // fixes blank string

        if (inDollarQuote !== false) {
          // Drop the opening $ we captured before
          token = token.slice(0, -1)
        }

        continue
      }

      // This is a dollar sign, record that we saw it in case it's the start of
      // an ANSI C or localized string
      if (inQuote === false && char === '$') {
        lastDollar = pos
      }

      // This is whitespace, so yield the token if we have one
      if (this.whitespace.includes(char)) {
        if (token !== undefined) { yield token }
        token = undefined
        continue
      }

      // Otherwise, accumulate the character
      token = (token || '') + char
    }
  }
}


/**
 * Splits a given string using shell-like syntax. This function is the inverse
 * of shlex.join().
 *
 * @param {String} s String to split.
 * @returns {String[]}
 */
function split (s) {
  return Array.from(new Shlexer(s))
}

/**
 * Escapes a potentially shell-unsafe string using quotes.
 *
 * @param {String} s String to quote
 * @returns {String}
 */
function quote (s) {
  if (s === '') { return '\'\'' }

  const unsafeRe = /[^\w@%\-+=:,./]/
  if (!unsafeRe.test(s)) { return s }

  return ('\'' + s.replace(/('+)/g, '\'"$1"\'') + '\'').replace(/^''|''$/g, '')
}


/**
 * Concatenate the tokens of the list args and return a string. This function
 * is the inverse of shlex.split().
 *
 * The returned value is shell-escaped to protect against injection
 * vulnerabilities (see shlex.quote()).
 *
 * @param {String[]} args List of args to join
 * @returns {String}
 */
function join (args) {
  if (!Array.isArray(args)) {
    throw new TypeError("args should be an array")
  }
  return args.map(quote).join(" ")
}

;// CONCATENATED MODULE: ./src/input-rules.ts
// Shapes that inputs must have. Each rule returns the reason a value is wrong, or undefined.
// They are plain patterns on purpose: validation happens before any network request.
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;
const GCP_REGION = /^(global|[a-z]+-[a-z]+\d{1,2})$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const WIF_PROVIDER = /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;
/** A user-managed service account; the group is its project id. */
const SERVICE_ACCOUNT = /^[^@\s]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/;
/** Any service account email, the Google-managed ones (developer., appspot.) and domain-scoped projects included. */
const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]*@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const DIST_TAGS = ['latest', 'stable', 'next'];
const COMMENT_TAG = /^[\w.-]{1,64}$/;
/** Why a workload-identity-provider value is wrong, naming the usual slips; undefined when it is right. */
function wifProviderProblem(value) {
    if (WIF_PROVIDER.test(value))
        return undefined;
    const bare = value.replace(/^(https:)?\/\/iam\.googleapis\.com\//, '');
    if (bare !== value && WIF_PROVIDER.test(bare))
        return `drop the '${value.slice(0, value.length - bare.length)}' prefix and give ${bare}`;
    const project = /^projects\/([^/]+)\//.exec(bare)?.[1];
    if (project && !/^\d+$/.test(project)) {
        return `'${project}' must be the project number, not the project id (gcloud projects describe ${project} --format='value(projectNumber)')`;
    }
    if (/workloadIdentityPools\/[^/]+\/?$/.test(bare))
        return 'this names a pool; add /providers/PROVIDER';
    return undefined;
}
function parseInteger(value, min, max = Number.MAX_SAFE_INTEGER) {
    if (!/^\d+$/.test(value))
        return `'${value}' is not a whole number`;
    const n = Number(value);
    if (n < min || n > max) {
        return max === Number.MAX_SAFE_INTEGER ? `${n} is below ${min}` : `${n} is outside ${min} to ${max}`;
    }
    return n;
}
function parsePositiveNumber(value) {
    const n = Number(value);
    if (!/^\d*\.?\d+$/.test(value) || !Number.isFinite(n) || n <= 0)
        return `'${value}' is not a positive number`;
    return n;
}
function parseBoolean(value) {
    if (/^(true|yes|on|1)$/i.test(value))
        return true;
    if (/^(false|no|off|0)$/i.test(value))
        return false;
    return `'${value}' is not true or false`;
}
function parseHttpUrl(value) {
    try {
        const url = new URL(value);
        if (url.protocol === 'https:' || url.protocol === 'http:')
            return value.replace(/\/+$/, '');
    }
    catch {
        // fall through: not a URL
    }
    return undefined;
}
function parseJsonObject(text) {
    try {
        const value = JSON.parse(text);
        if (value && typeof value === 'object' && !Array.isArray(value))
            return value;
        return 'it is JSON but not an object';
    }
    catch (error) {
        return `it is not valid JSON (${error.message})`;
    }
}
/** Splits a tool list on newlines and on commas outside parentheses, so `Bash(a,b)` stays whole. */
function splitToolList(value) {
    const tools = [];
    let depth = 0;
    let current = '';
    for (const ch of value) {
        if (ch === '(')
            depth++;
        if (ch === ')')
            depth = Math.max(0, depth - 1);
        if (ch === '\n' || (ch === ',' && depth === 0)) {
            tools.push(current);
            current = '';
        }
        else {
            current += ch;
        }
    }
    tools.push(current);
    return tools.map(t => t.trim()).filter(t => t.length > 0);
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Every action input becomes one typed, validated Settings object here; nothing else reads inputs.
// All problems are collected and reported together, before any network request.






const DEFAULT_CLAUDE_VERSION = '2.1.331';
/** Linux refuses a single argv string longer than MAX_ARG_STRLEN (128 KiB). */
const MAX_PROMPT_BYTES = 128 * 1024 - 1;
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`);
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** Collects problems while inputs are read, so a user sees all of them in one run. */
class InputReader {
    env;
    problems = [];
    constructor(env) {
        this.env = env;
    }
    text(name) {
        const value = core/* getInput */.V4(name);
        return value === '' ? undefined : value;
    }
    problem(name, message) {
        this.problems.push(`Input '${name}': ${message}`);
        return undefined;
    }
    integer(name, min, max) {
        const value = this.text(name);
        if (value === undefined)
            return undefined;
        const parsed = parseInteger(value, min, max);
        return typeof parsed === 'number'
            ? parsed
            : this.problem(name, `${parsed}; give a whole number${max ? ` from ${min} to ${max}` : ` of at least ${min}`}.`);
    }
    positiveNumber(name) {
        const value = this.text(name);
        if (value === undefined)
            return undefined;
        const parsed = parsePositiveNumber(value);
        return typeof parsed === 'number' ? parsed : this.problem(name, `${parsed}; give a number above 0, e.g. 2.50.`);
    }
    boolean(name, fallback) {
        const value = this.text(name);
        if (value === undefined)
            return fallback;
        const parsed = parseBoolean(value);
        if (typeof parsed === 'boolean')
            return parsed;
        this.problem(name, `${parsed}; use true or false.`);
        return fallback;
    }
    matching(name, pattern, example) {
        const value = this.text(name);
        if (value === undefined || pattern.test(value))
            return value;
        return this.problem(name, `'${value}' is not valid; expected the form ${example}.`);
    }
    url(name, fallback) {
        const value = this.text(name);
        if (value === undefined)
            return fallback;
        return parseHttpUrl(value) ?? this.problem(name, `'${value}' is not an http(s) URL, e.g. https://sts.us-east-1.amazonaws.com.`) ?? fallback;
    }
    /** Inputs that only make sense for one provider are an error elsewhere, not silently ignored. */
    onlyFor(provider, actual, names) {
        if (provider === actual)
            return;
        for (const name of names) {
            if (this.text(name) !== undefined) {
                this.problem(name, `only applies to provider '${provider}', but provider is '${actual}'; remove it or set provider: ${provider}.`);
            }
        }
    }
    workspace() {
        return this.env.GITHUB_WORKSPACE || process.cwd();
    }
}
function readSettings(env = process.env) {
    const inputs = new InputReader(env);
    const providerName = readProviderName(inputs);
    const provider = readProvider(inputs, providerName, env);
    const settings = {
        provider,
        fallbackRegions: readFallbackRegions(inputs, provider),
        models: {
            model: inputs.text('model'),
            smallFastModel: inputs.text('small-fast-model'),
            smallFastModelRegion: inputs.matching('small-fast-model-region', AWS_REGION, 'us-west-2'),
            maxOutputTokens: inputs.integer('max-output-tokens', 1),
            maxThinkingTokens: inputs.integer('max-thinking-tokens', 0)
        },
        cli: {
            prompt: readPrompt(inputs) ?? '',
            maxTurns: inputs.integer('max-turns', 1),
            maxBudgetUsd: inputs.positiveNumber('max-budget-usd'),
            allowedTools: splitToolList(inputs.text('allowed-tools') ?? ''),
            disallowedTools: splitToolList(inputs.text('disallowed-tools') ?? ''),
            appendSystemPrompt: inputs.text('append-system-prompt'),
            jsonSchema: readJsonSchema(inputs),
            settings: readCliSettings(inputs),
            extraArgs: readClaudeArgs(inputs),
            version: readClaudeVersion(inputs),
            path: readClaudePath(inputs),
            workingDirectory: readWorkingDirectory(inputs),
            timeoutMinutes: inputs.positiveNumber('timeout-minutes')
        },
        exportEnv: inputs.boolean('export-env', true),
        exportCredentials: inputs.boolean('export-credentials', false),
        comment: {
            enabled: inputs.boolean('comment-on-pr', false),
            tag: inputs.matching('comment-tag', COMMENT_TAG, 'security-review (letters, digits, . _ -)') ?? '',
            token: inputs.text('github-token') ?? env.GITHUB_TOKEN ?? ''
        }
    };
    if (settings.comment.enabled && !settings.comment.token) {
        inputs.problem('github-token', 'comment-on-pr needs a token; pass github-token: ${{ github.token }}.');
    }
    if (inputs.problems.length > 0)
        throw new InputError(inputs.problems);
    return settings;
}
function readProviderName(inputs) {
    const value = (inputs.text('provider') ?? 'anthropic').toLowerCase();
    if (value === 'anthropic' || value === 'bedrock' || value === 'vertex')
        return value;
    inputs.problem('provider', `'${value}' is not a provider; use anthropic, bedrock or vertex.`);
    return 'anthropic';
}
function readProvider(inputs, name, env) {
    inputs.onlyFor('anthropic', name, ['anthropic-api-key']);
    inputs.onlyFor('bedrock', name, ['role-to-assume', 'bedrock-api-key', 'small-fast-model-region']);
    inputs.onlyFor('vertex', name, ['workload-identity-provider', 'service-account', 'project-id', 'iam-credentials-endpoint']);
    if (name === 'anthropic' && inputs.text('region') !== undefined) {
        inputs.problem('region', "the Claude API has no regions; remove it, or set provider: bedrock or vertex.");
    }
    switch (name) {
        case 'anthropic':
            return readAnthropic(inputs, env);
        case 'bedrock':
            return readBedrock(inputs, env);
        case 'vertex':
            return readVertex(inputs, env);
    }
}
function readAnthropic(inputs, env) {
    const apiKey = inputs.text('anthropic-api-key');
    const loggedIn = env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || env.CLAUDE_CODE_OAUTH_TOKEN;
    if (!apiKey && !loggedIn) {
        inputs.problem('anthropic-api-key', 'required for provider anthropic; add anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}.');
    }
    return { name: 'anthropic', apiKey };
}
function readBedrock(inputs, env) {
    const region = readAwsRegion(inputs, env);
    const roleArn = inputs.matching('role-to-assume', ROLE_ARN, 'arn:aws:iam::123456789012:role/claude-code');
    const apiKey = inputs.text('bedrock-api-key');
    const sessionName = inputs.matching('role-session-name', ROLE_SESSION_NAME, 'claude-code-action (2-64 of letters, digits, _+=,.@-)');
    const durationSeconds = inputs.integer('role-duration-seconds', 900, 43200);
    const stsEndpoint = inputs.url('sts-endpoint');
    if (roleArn && apiKey)
        inputs.problem('bedrock-api-key', 'give either role-to-assume or bedrock-api-key, not both.');
    if (!roleArn && inputs.text('audience') !== undefined) {
        inputs.problem('audience', 'is used with role-to-assume only; add role-to-assume or remove audience.');
    }
    let auth = { kind: 'ambient' };
    if (roleArn) {
        auth = {
            kind: 'role',
            roleArn,
            sessionName: sessionName ?? 'claude-code-action',
            durationSeconds: durationSeconds ?? 3600,
            audience: inputs.text('audience') ?? 'sts.amazonaws.com',
            stsEndpoint
        };
    }
    else if (apiKey) {
        auth = { kind: 'api-key', apiKey };
    }
    return { name: 'bedrock', region, auth };
}
/** The input wins; otherwise the job's AWS_REGION or AWS_DEFAULT_REGION, as the AWS CLI does. */
function readAwsRegion(inputs, env) {
    if (inputs.text('region') !== undefined)
        return inputs.matching('region', AWS_REGION, 'us-east-1') ?? '';
    const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!fromEnv) {
        inputs.problem('region', 'Bedrock needs an AWS region; set region: us-east-1, or AWS_REGION in the job env.');
    }
    else if (!AWS_REGION.test(fromEnv)) {
        inputs.problem('region', `'${fromEnv}' (from AWS_REGION) is not an AWS region; set region: us-east-1.`);
    }
    return fromEnv ?? '';
}
const WIF_PROVIDER_FORM = 'projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER';
function readVertex(inputs, env) {
    const region = readGcpRegion(inputs, env);
    const providerText = inputs.text('workload-identity-provider');
    let provider = providerText;
    if (providerText !== undefined && !WIF_PROVIDER.test(providerText)) {
        const slip = wifProviderProblem(providerText);
        provider = inputs.problem('workload-identity-provider', `'${providerText}' is not valid; ${slip ? `${slip}. Expected` : 'expected'} the form ${WIF_PROVIDER_FORM}.`);
    }
    const serviceAccountText = inputs.text('service-account');
    let serviceAccount;
    if (serviceAccountText !== undefined) {
        serviceAccount = GCP_SERVICE_ACCOUNT.test(serviceAccountText)
            ? serviceAccountText
            : inputs.problem('service-account', `'${serviceAccountText}' is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com.`);
    }
    const projectId = readGcpProject(inputs, serviceAccount, env);
    let auth = { kind: 'ambient' };
    if (provider) {
        auth = {
            kind: 'workload-identity',
            provider,
            serviceAccount,
            audience: inputs.text('audience') ?? `https://iam.googleapis.com/${provider}`,
            stsEndpoint: inputs.url('sts-endpoint', 'https://sts.googleapis.com'),
            iamCredentialsEndpoint: inputs.url('iam-credentials-endpoint', 'https://iamcredentials.googleapis.com')
        };
    }
    else if (providerText === undefined) {
        // Without a provider the job's own Google credentials are used; these inputs would do nothing.
        for (const name of ['service-account', 'audience', 'sts-endpoint', 'iam-credentials-endpoint']) {
            if (inputs.text(name) !== undefined) {
                inputs.problem(name, `is used with Workload Identity Federation only; add workload-identity-provider: ${WIF_PROVIDER_FORM}, or remove ${name}.`);
            }
        }
    }
    return { name: 'vertex', region, projectId, auth };
}
/** The input wins; otherwise the job's CLOUD_ML_REGION, which Claude Code itself reads; otherwise global. */
function readGcpRegion(inputs, env) {
    if (inputs.text('region') !== undefined)
        return inputs.matching('region', GCP_REGION, 'global, us-east5 or europe-west1') ?? 'global';
    const fromEnv = env.CLOUD_ML_REGION;
    if (!fromEnv)
        return 'global';
    if (!GCP_REGION.test(fromEnv)) {
        inputs.problem('region', `'${fromEnv}' (from CLOUD_ML_REGION) is not a Google Cloud region; set region: global or us-east5.`);
    }
    return fromEnv;
}
/** The input wins; then the project of service-account; then the job's ANTHROPIC_VERTEX_PROJECT_ID. */
function readGcpProject(inputs, serviceAccount, env) {
    if (inputs.text('project-id') !== undefined) {
        return inputs.matching('project-id', PROJECT_ID, 'my-project-123 (6-30 of a-z, 0-9, -, starting with a letter)') ?? '';
    }
    const fromAccount = serviceAccount?.match(SERVICE_ACCOUNT)?.[1];
    if (fromAccount)
        return fromAccount;
    const fromEnv = env.ANTHROPIC_VERTEX_PROJECT_ID;
    if (!fromEnv && serviceAccount) {
        inputs.problem('project-id', `${serviceAccount} does not name its project; set project-id: my-project.`);
    }
    else if (!fromEnv) {
        inputs.problem('project-id', 'Vertex needs the Google Cloud project; set project-id: my-project, or a service-account in that project.');
    }
    else if (!PROJECT_ID.test(fromEnv)) {
        inputs.problem('project-id', `'${fromEnv}' (from ANTHROPIC_VERTEX_PROJECT_ID) is not a project id; set project-id: my-project.`);
    }
    return fromEnv ?? '';
}
function readFallbackRegions(inputs, provider) {
    const value = inputs.text('fallback-regions');
    if (value === undefined)
        return [];
    if (provider.name === 'anthropic') {
        inputs.problem('fallback-regions', 'the Claude API has no regions; use it with provider bedrock or vertex.');
        return [];
    }
    const pattern = provider.name === 'bedrock' ? AWS_REGION : GCP_REGION;
    const regions = value.split(/[,\s]+/).filter(r => r.length > 0);
    for (const region of regions) {
        if (!pattern.test(region)) {
            inputs.problem('fallback-regions', `'${region}' is not a ${provider.name === 'bedrock' ? 'AWS' : 'Google Cloud'} region; give a comma list such as ${provider.name === 'bedrock' ? 'us-west-2,eu-west-1' : 'us-east5,europe-west1'}.`);
        }
    }
    return [...new Set(regions)].filter(r => r !== provider.region);
}
function readPrompt(inputs) {
    const prompt = inputs.text('prompt');
    const file = inputs.text('prompt-file');
    if (prompt !== undefined && file !== undefined) {
        return inputs.problem('prompt', 'give either prompt or prompt-file, not both.');
    }
    if (prompt === undefined && file === undefined) {
        return inputs.problem('prompt', 'the task is missing; set prompt: "..." or prompt-file: path/to/task.md.');
    }
    let text = prompt;
    if (file !== undefined) {
        const fullPath = external_node_path_default().resolve(inputs.workspace(), file);
        if (!(0,external_node_fs_.existsSync)(fullPath) || !(0,external_node_fs_.statSync)(fullPath).isFile()) {
            return inputs.problem('prompt-file', `no file at ${fullPath}; the path is relative to the workspace, is it checked out?`);
        }
        text = (0,external_node_fs_.readFileSync)(fullPath, 'utf8');
        if (text.trim() === '')
            return inputs.problem('prompt-file', `${fullPath} is empty; write the task into it.`);
    }
    if (text !== undefined && Buffer.byteLength(text) > MAX_PROMPT_BYTES) {
        return inputs.problem(file ? 'prompt-file' : 'prompt', 'is longer than 128 KiB, the most one argument can carry; put the bulk in a file and ask Claude to read it.');
    }
    return text;
}
function readJsonSchema(inputs) {
    const value = inputs.text('json-schema');
    if (value === undefined)
        return undefined;
    const parsed = parseJsonObject(value);
    return typeof parsed === 'string' ? inputs.problem('json-schema', `${parsed}; give a JSON Schema object, e.g. {"type":"object"}.`) : value;
}
function readCliSettings(inputs) {
    const value = inputs.text('settings');
    if (value === undefined)
        return undefined;
    let text = value;
    if (!value.trimStart().startsWith('{')) {
        const fullPath = external_node_path_default().resolve(inputs.workspace(), value);
        if (!(0,external_node_fs_.existsSync)(fullPath) || !(0,external_node_fs_.statSync)(fullPath).isFile()) {
            return inputs.problem('settings', `is neither a JSON object nor a file (no file at ${fullPath}); give {"key": ...} or a path to a JSON file.`);
        }
        text = (0,external_node_fs_.readFileSync)(fullPath, 'utf8');
    }
    const parsed = parseJsonObject(text);
    return typeof parsed === 'string' ? inputs.problem('settings', `${parsed}; give a JSON object or a path to a JSON file.`) : parsed;
}
function readClaudeArgs(inputs) {
    const value = inputs.text('claude-args');
    if (value === undefined)
        return [];
    try {
        const args = split(value);
        const reserved = args.find(arg => RESERVED_FLAGS.includes(arg.split('=')[0]));
        if (reserved)
            inputs.problem('claude-args', `${reserved} is set by the action itself (it streams JSON and resumes sessions on failover); remove it.`);
        return args;
    }
    catch (error) {
        inputs.problem('claude-args', `cannot be split into words (${error.message}); close every quote, e.g. --add-dir "docs dir".`);
        return [];
    }
}
function readClaudeVersion(inputs) {
    const value = inputs.text('claude-version') ?? DEFAULT_CLAUDE_VERSION;
    if (EXACT_VERSION.test(value) || DIST_TAGS.includes(value))
        return value;
    inputs.problem('claude-version', `'${value}' is not an exact version; use one like ${DEFAULT_CLAUDE_VERSION}, or latest. Ranges are refused because npm may pick an old release for them.`);
    return DEFAULT_CLAUDE_VERSION;
}
function readClaudePath(inputs) {
    const value = inputs.text('claude-path');
    if (value === undefined)
        return undefined;
    const fullPath = external_node_path_default().resolve(inputs.workspace(), value);
    if (!(0,external_node_fs_.existsSync)(fullPath) || !(0,external_node_fs_.statSync)(fullPath).isFile()) {
        return inputs.problem('claude-path', `no executable at ${fullPath}; remove claude-path to let the action install Claude Code.`);
    }
    return fullPath;
}
function readWorkingDirectory(inputs) {
    const value = inputs.text('working-directory');
    const fullPath = external_node_path_default().resolve(inputs.workspace(), value ?? '.');
    if (!(0,external_node_fs_.existsSync)(fullPath) || !(0,external_node_fs_.statSync)(fullPath).isDirectory()) {
        inputs.problem('working-directory', `no directory at ${fullPath}; give a path relative to the workspace.`);
    }
    return fullPath;
}

// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __webpack_require__(2691);
;// CONCATENATED MODULE: ./src/providers/provider.ts
/** Dynamic imports, so a Claude API run never parses the AWS or Google SDK. */
async function loadProvider(name) {
    switch (name) {
        case 'anthropic':
            return (await __webpack_require__.e(/* import() */ 222).then(__webpack_require__.bind(__webpack_require__, 9222))).prepareAnthropic;
        case 'bedrock':
            return (await Promise.all(/* import() */[__webpack_require__.e(695), __webpack_require__.e(929)]).then(__webpack_require__.bind(__webpack_require__, 3929))).prepareBedrock;
        case 'vertex':
            return (await Promise.all(/* import() */[__webpack_require__.e(492), __webpack_require__.e(450)]).then(__webpack_require__.bind(__webpack_require__, 1450))).prepareVertex;
    }
}

// EXTERNAL MODULE: ./src/pr-context.ts
var pr_context = __webpack_require__(5635);
// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/run-report.ts


function buildRunReport(attempts, context) {
    const last = attempts[attempts.length - 1];
    const { outcome } = last;
    const result = outcome.progress.result;
    const attemptReports = attempts.map(attempt => describeAttempt(attempt, context));
    const lastReport = attemptReports[attemptReports.length - 1];
    const succeeded = outcome.exitCode === 0 && result !== undefined && !result.is_error && !outcome.timedOut && !outcome.cancelled;
    const structured = result?.structured_output;
    return {
        conclusion: succeeded ? 'success' : 'failure',
        isError: !succeeded,
        subtype: lastReport.subtype,
        result: (0,secrets/* redact */.E$)(result?.result ?? ''),
        structuredOutput: structured === undefined || structured === null ? undefined : (0,secrets/* redact */.E$)(JSON.stringify(structured)),
        sessionId: result?.session_id ?? outcome.progress.sessionId,
        numTurns: attempts.reduce((sum, a) => sum + (a.outcome.progress.result?.num_turns ?? a.outcome.progress.turns), 0),
        durationMs: attemptReports.reduce((sum, a) => sum + a.durationMs, 0),
        costUsd: attemptReports.reduce((sum, a) => sum + a.costUsd, 0),
        usage: sumUsage(attempts.map(({ outcome: o }) => (o.progress.result ? toUsage(o.progress.result.usage) : o.progress.usage))),
        model: mainModel(result, outcome.progress.model),
        provider: context.provider,
        region: last.region,
        awsAccountId: context.awsAccountId,
        executionFile: context.executionFile,
        attempts: attemptReports,
        failureMessage: succeeded ? undefined : lastReport.message ?? `Claude Code exited with code ${outcome.exitCode}`
    };
}
function describeAttempt({ region, outcome }, context) {
    const result = outcome.progress.result;
    const base = {
        region,
        costUsd: result?.total_cost_usd ?? 0,
        durationMs: result?.duration_ms ?? 0
    };
    if (outcome.timedOut) {
        return { ...base, subtype: 'timeout', isError: true, message: `Claude Code did not finish within timeout-minutes (${context.timeoutMinutes}); it was stopped after ${outcome.progress.turns} turns.` };
    }
    if (outcome.cancelled) {
        return { ...base, subtype: 'cancelled', isError: true, message: 'The job was cancelled; Claude Code was stopped.' };
    }
    if (outcome.spawnError) {
        return { ...base, subtype: 'error_no_result', isError: true, message: `Could not start Claude Code at ${context.executable}: ${outcome.spawnError.message}` };
    }
    if (!result) {
        const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
        const garbage = outcome.nonJsonLines > 0 ? ` It printed ${outcome.nonJsonLines} lines that are not stream-json; is this Claude Code?` : '';
        const stderr = outcome.stderrTail.trim() ? `\nLast stderr:\n${(0,secrets/* redact */.E$)(outcome.stderrTail.trim())}` : '';
        return { ...base, subtype: 'error_no_result', isError: true, message: `Claude Code ${how} without a result.${garbage}${stderr}` };
    }
    let subtype = result.subtype ?? 'unknown';
    if (result.is_error || outcome.exitCode !== 0) {
        // The CLI keeps subtype "success" after an API error; say what happened instead.
        if (subtype === 'success')
            subtype = result.terminal_reason === 'api_error' || result.api_error_status ? 'error_api' : 'error';
        const text = result.result || (result.errors ?? []).join('; ') || `Claude Code ended with ${subtype}`;
        return { ...base, subtype, isError: true, message: (0,secrets/* redact */.E$)(text) };
    }
    return { ...base, subtype, isError: false };
}

// EXTERNAL MODULE: ./src/state.ts
var state = __webpack_require__(2462);
;// CONCATENATED MODULE: ./src/temp-dir.ts
// One private directory per run, in RUNNER_TEMP and never in the workspace. Credentials files,
// the OIDC token file and the execution file all live here; the post step removes it whole.




function createTempDir(env = process.env) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'claude-cloud-action-'));
    (0,external_node_fs_.chmodSync)(dir, 0o700);
    (0,state/* rememberTempDir */.$u)(dir);
    return dir;
}

;// CONCATENATED MODULE: ./src/main.ts
// The main step, top to bottom: inputs → provider credentials → Claude Code env → CLI →
// `claude -p` (streamed, with regional failover) → result → outputs, summary, PR comment.














/** Credentials must be in hand well inside the OIDC token's five-minute life. */
const CREDENTIAL_DEADLINE_MS = 120_000;
async function run() {
    let session;
    let settings;
    let stopRenewing;
    try {
        settings = readSettings();
        const tempDir = createTempDir();
        // Started now, so its GitHub API calls overlap the credentials and the install; it never rejects.
        const prEnv = (0,pr_context/* pullRequestEnv */._9)(settings, tempDir);
        const prepare = await loadProvider(settings.provider.name);
        session = await prepare({ settings, tempDir, deadline: Date.now() + CREDENTIAL_DEADLINE_MS });
        // Renewal starts now, so a slow install cannot hand the CLI an expired token.
        stopRenewing = session.keepFresh?.();
        const claudeEnv = buildClaudeEnv(settings, session, process.env);
        exportForLaterSteps(settings, claudeEnv);
        const claude = await findOrInstallClaude(settings.cli);
        const executionFile = new ExecutionFile(external_node_path_default().join(tempDir, 'execution.jsonl'));
        const cancel = cancelOnSignals();
        const env = { ...claudeEnv.env, ...(await prEnv) };
        const attempts = await runWithFailover({ settings, session, env, executable: claude.path, executionFile, signal: cancel.signal });
        cancel.dispose();
        await stopRenewing?.();
        stopRenewing = undefined;
        await executionFile.close();
        const report = buildRunReport(attempts, {
            provider: settings.provider.name,
            awsAccountId: session.awsAccountId,
            executionFile: executionFile.path,
            timeoutMinutes: settings.cli.timeoutMinutes,
            executable: claude.path
        });
        await (0,src_report/* publish */.mk)(report, settings);
        if (report.failureMessage)
            core/* setFailed */.C1(report.failureMessage);
    }
    catch (error) {
        fail(error);
    }
    finally {
        await stopRenewing?.();
        if (session && settings)
            (0,cleanup/* removeCredentialFiles */.d)(filesNoLaterStepNeeds(settings, session));
    }
}
/** Credential files go when the step ends, unless an exported variable (GOOGLE_APPLICATION_CREDENTIALS) points at them. */
function filesNoLaterStepNeeds(settings, session) {
    const exported = settings.exportCredentials ? Object.values(session.exportedCredentialEnv ?? session.credentialEnv) : [];
    return session.credentialFiles.some(file => exported.includes(file)) ? [] : session.credentialFiles;
}
function exportForLaterSteps(settings, claudeEnv) {
    if (settings.exportEnv) {
        for (const [name, value] of Object.entries(claudeEnv.settingsEnv))
            core/* exportVariable */.dN(name, value);
    }
    if (settings.exportCredentials) {
        for (const [name, value] of Object.entries(claudeEnv.credentialEnv))
            core/* exportVariable */.dN(name, value);
        (0,state/* rememberExportedCredentials */.Xn)(Object.keys(claudeEnv.credentialEnv));
    }
}
function fail(error) {
    if (error instanceof InputError) {
        if (error.problems.length === 1)
            return core/* setFailed */.C1(error.problems[0]);
        for (const problem of error.problems)
            core/* error */.z3(problem);
        return core/* setFailed */.C1(`${error.problems.length} inputs are invalid; see the errors above.`);
    }
    core/* setOutput */.uH('conclusion', 'failure');
    core/* setOutput */.uH('is-error', 'true');
    core/* setFailed */.C1(error.message ?? String(error));
}
/**
 * While the CLI runs, a cancelled job's SIGINT / SIGTERM stops the CLI and the run still reports what
 * it did. Outside that window Node's default applies: the step ends and the post step cleans up.
 */
function cancelOnSignals() {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        signal: controller.signal,
        dispose: () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    };
}


/***/ }),

/***/ 5635:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ readPullRequestEvent),
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   _9: () => (/* binding */ pullRequestEnv),
/* harmony export */   dZ: () => (/* binding */ describeGitHubError),
/* harmony export */   m_: () => (/* binding */ PULL_REQUEST_EVENTS)
/* harmony export */ });
/* unused harmony exports MAX_CHANGED_FILES, MAX_CHANGED_FILES_ENV_BYTES, changedFilesEnv */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);
// Pull request context. Which PR a run belongs to comes straight from the event payload (no
// @actions/github on the startup path); the CLI then gets the PR number, the refs and the changed
// files as environment variables, so a prompt can say "review the diff against $GITHUB_BASE_REF".
// Nothing here can fail the step: a GitHub API problem is a warning and the run goes on without it.




/** Events whose payload carries `pull_request`. issue_comment counts only on a pull request. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];
/** GitHub's pulls/{n}/files lists at most 3000; a review rarely needs more than this many. */
const MAX_CHANGED_FILES = 1000;
/** GITHUB_PR_CHANGED_FILES stays well below Linux's 128 KiB per variable; the file has them all. */
const MAX_CHANGED_FILES_ENV_BYTES = 32 * 1024;
const CONTEXT_DEADLINE_MS = 30_000;
/** A rate limit that resets within this many seconds is waited out once; a longer one is a warning. */
const MAX_RATE_LIMIT_WAIT_S = 20;
/** The pull request this run is about, or undefined (push, schedule, a comment on a plain issue…). */
function readPullRequestEvent(env = process.env) {
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (!PULL_REQUEST_EVENTS.includes(eventName) && eventName !== 'issue_comment')
        return undefined;
    const payload = readPayload(env.GITHUB_EVENT_PATH);
    const repository = repositoryOf(env, payload);
    if (!payload || !repository)
        return undefined;
    if (eventName === 'issue_comment') {
        const issue = payload.issue;
        if (!issue?.pull_request || typeof issue.number !== 'number')
            return undefined;
        return { eventName, ...repository, number: issue.number };
    }
    const pr = payload.pull_request;
    if (typeof pr?.number !== 'number')
        return undefined;
    return {
        eventName,
        ...repository,
        number: pr.number,
        baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : undefined,
        headRef: typeof pr.head?.ref === 'string' ? pr.head.ref : undefined
    };
}
function readPayload(file) {
    if (!file)
        return undefined;
    try {
        const parsed = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8'));
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not read the event payload at ${file}: ${error.message}`);
        return undefined;
    }
}
function repositoryOf(env, payload) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (owner && repo)
        return { owner, repo };
    const repository = payload?.repository;
    return repository?.name && repository.owner?.login ? { owner: repository.owner.login, repo: repository.name } : undefined;
}
/**
 * The CLI's PR variables, {} outside pull requests. Starts no import and no request on other
 * events. Never rejects: API failures become one warning and the variables known so far.
 */
async function pullRequestEnv(settings, tempDir, env = process.env) {
    const token = settings.comment.token;
    (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .addSecret */ .Ck)(token);
    try {
        const pr = readPullRequestEvent(env);
        if (!pr)
            return {};
        const out = { GITHUB_PR_NUMBER: String(pr.number) };
        if (pr.baseRef)
            out.GITHUB_BASE_REF = pr.baseRef;
        if (pr.headRef)
            out.GITHUB_HEAD_REF = pr.headRef;
        if (!token) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('No github-token: the changed files of the pull request are not listed for Claude Code.');
            return out;
        }
        try {
            const octokit = await createGitHubClient(token, env);
            const request = { signal: AbortSignal.timeout(CONTEXT_DEADLINE_MS) };
            if (!pr.baseRef || !pr.headRef) {
                // issue_comment: one call for the refs a review compares.
                const { data } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, request });
                out.GITHUB_BASE_REF = data.base.ref;
                out.GITHUB_HEAD_REF = data.head.ref;
            }
            const files = await listChangedFiles(octokit, pr, request.signal);
            Object.assign(out, changedFilesEnv(files, tempDir));
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Pull request #${pr.number}: ${out.GITHUB_BASE_REF} ← ${out.GITHUB_HEAD_REF}, ${files.length} changed files (GITHUB_PR_* for Claude Code)`);
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not read pull request #${pr.number} for Claude Code's context: ${describeGitHubError(error, 'read')} The run goes on without ${out.GITHUB_BASE_REF ? 'the changed-file list' : 'the refs and changed files'}.`);
        }
        return out;
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not gather the pull request context: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(error.message ?? String(error))}`);
        return {};
    }
}
async function listChangedFiles(octokit, pr, signal) {
    const files = [];
    const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        per_page: 100,
        request: { signal }
    });
    for await (const page of pages) {
        for (const file of page.data)
            files.push(file.filename);
        if (files.length >= MAX_CHANGED_FILES) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Pull request #${pr.number} changes more than ${MAX_CHANGED_FILES} files; Claude Code gets the first ${MAX_CHANGED_FILES}.`);
            return files.slice(0, MAX_CHANGED_FILES);
        }
    }
    return files;
}
/** The list goes into a file in the run's private directory whole, and into the env as far as it fits. */
function changedFilesEnv(files, tempDir) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(tempDir, 'pr-changed-files.txt');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(file, files.length ? `${files.join('\n')}\n` : '', { mode: 0o600 });
    let bytes = 0;
    let fits = 0;
    for (const name of files) {
        bytes += Buffer.byteLength(name) + 1;
        if (bytes > MAX_CHANGED_FILES_ENV_BYTES)
            break;
        fits++;
    }
    if (fits < files.length) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GITHUB_PR_CHANGED_FILES holds ${fits} of ${files.length} changed files; GITHUB_PR_CHANGED_FILES_PATH has all of them.`);
    }
    return { GITHUB_PR_CHANGED_FILES: files.slice(0, fits).join('\n'), GITHUB_PR_CHANGED_FILES_PATH: file };
}
/**
 * @actions/github's Octokit (GITHUB_API_URL, proxy support) with retries for 5xx and network errors
 * and a rate-limit policy: a limit that resets within seconds is waited out once, others give up.
 * Loaded only when a pull request needs it.
 */
async function createGitHubClient(token, env = process.env) {
    const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856))
    ]);
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        if (retryCount === 0 && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${retryAfter} s.`);
            return true;
        }
        return false;
    };
    return getOctokit(token, {
        baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
        retry: { retries: 2, retryAfterBaseValue: 500 },
        throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
        log: {
            debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(String(message)),
            info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(String(message)),
            warn: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(String(message)),
            error: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(String(message))
        }
    }, retry, throttling);
}
/** One sentence on what went wrong and, where it is clear, what to do about it. */
function describeGitHubError(error, access) {
    const { status, message = String(error), response } = error;
    const text = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(message).replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '').trim();
    const remaining = response?.headers?.['x-ratelimit-remaining'];
    if (status === 429 || (status === 403 && (remaining === '0' || /rate limit/i.test(text)))) {
        return `GitHub's API rate limit was hit (${text}).`;
    }
    if (status === 403) {
        const fork = access === 'write' ? ' On pull requests from forks the workflow token is read-only.' : '';
        return `HTTP 403, ${text}. The token may not ${access} this pull request; give the job \`permissions: pull-requests: ${access}\`.${fork}`;
    }
    if (status === 401)
        return `HTTP 401, ${text}. Check github-token.`;
    if (status === 404)
        return `HTTP 404, ${text}. Does the token see this repository?`;
    if (typeof status === 'number' && status >= 500 && !/abort/i.test(text))
        return `HTTP ${status}, ${text} (after retries).`;
    if (/abort|timeout/i.test(`${error.name} ${text}`))
        return `GitHub's API did not answer in time (${text}).`;
    return text.endsWith('.') ? text : `${text}.`;
}


/***/ }),

/***/ 665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lf: () => (/* binding */ renderHeadline),
/* harmony export */   Z$: () => (/* binding */ renderAttempts),
/* harmony export */   bo: () => (/* binding */ renderTable),
/* harmony export */   mk: () => (/* binding */ publish)
/* harmony export */ });
/* unused harmony exports setOutputs, writeSummary */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
// Publishes the run: step outputs, the job summary and, when asked, the sticky PR comment.

/** The step summary takes 1 MiB; the result gets most of it. */
const MAX_SUMMARY_RESULT_CHARS = 512 * 1024;
function setOutputs(report) {
    const outputs = {
        conclusion: report.conclusion,
        result: report.result,
        'structured-output': report.structuredOutput,
        'session-id': report.sessionId,
        'is-error': report.isError,
        subtype: report.subtype,
        'num-turns': report.numTurns,
        'duration-ms': report.durationMs,
        // Sums of floats print as 0.00011100000000000001; a millionth of a dollar is precise enough.
        'cost-usd': Number(report.costUsd.toFixed(6)),
        'input-tokens': report.usage.inputTokens,
        'output-tokens': report.usage.outputTokens,
        'cache-read-input-tokens': report.usage.cacheReadInputTokens,
        'cache-creation-input-tokens': report.usage.cacheCreationInputTokens,
        model: report.model,
        provider: report.provider,
        region: report.region,
        'aws-account-id': report.awsAccountId,
        'execution-file': report.executionFile
    };
    for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, String(value));
    }
}
/** The table the summary and the PR comment share. */
function renderTable(report) {
    const tokens = `${report.usage.inputTokens} in / ${report.usage.outputTokens} out`;
    const cells = [
        `$${report.costUsd.toFixed(4)}`,
        String(report.numTurns),
        `${(report.durationMs / 1000).toFixed(1)} s`,
        code(report.model),
        report.provider,
        code(report.region),
        tokens
    ];
    return ['| Cost | Turns | Duration | Model | Provider | Region | Tokens |', '|---|---|---|---|---|---|---|', `| ${cells.join(' | ')} |`].join('\n');
}
function renderAttempts(report) {
    if (report.attempts.length < 2)
        return '';
    const rows = report.attempts.map((a, i) => `| ${i + 1} | ${code(a.region)} | ${a.isError ? '✗' : '✓'} ${a.subtype} | ${escapeCell(a.message?.split('\n')[0] ?? '')} |`);
    return ['### Attempts', '', '| # | Region | Outcome | Message |', '|---|---|---|---|', ...rows].join('\n');
}
function renderHeadline(report) {
    return report.conclusion === 'success' ? '✓ Claude Code succeeded' : `✗ Claude Code failed (${report.subtype})`;
}
async function writeSummary(report) {
    const parts = [`## ${renderHeadline(report)}`, '', renderTable(report), ''];
    if (report.failureMessage)
        parts.push('```text', report.failureMessage, '```', '');
    const attempts = renderAttempts(report);
    if (attempts)
        parts.push(attempts, '');
    if (report.result) {
        const text = report.result.length > MAX_SUMMARY_RESULT_CHARS
            ? `${report.result.slice(0, MAX_SUMMARY_RESULT_CHARS)}\n\n… cut; the whole result is in the \`result\` output and the execution file.`
            : report.result;
        parts.push('### Result', '', text, '');
    }
    if (report.structuredOutput)
        parts.push('### Structured output', '', '```json', report.structuredOutput, '```', '');
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(parts.join('\n'), true).write();
}
async function publish(report, settings) {
    setOutputs(report);
    try {
        await writeSummary(report);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not write the job summary: ${error.message}`);
    }
    if (settings.comment.enabled) {
        const { commentOnPullRequest } = await __webpack_require__.e(/* import() */ 525).then(__webpack_require__.bind(__webpack_require__, 5525));
        const url = await commentOnPullRequest(report, settings.comment);
        if (url)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('comment-url', url);
    }
}
function code(value) {
    return value ? `\`${value}\`` : '–';
}
function escapeCell(text) {
    return text.replace(/\|/g, '\\|').slice(0, 200);
}


/***/ }),

/***/ 9809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ withRetry),
/* harmony export */   d: () => (/* binding */ isTransient)
/* harmony export */ });
// Bounded retries with full-jitter exponential backoff, for calls that can heal (throttling, 5xx,
// connection resets). Anything else fails at once: retrying a bad trust policy only wastes minutes.
async function withRetry(fn, options) {
    const { attempts, baseDelayMs = 250, maxDelayMs = 8000, deadline = Infinity } = options;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            const delayMs = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
            if (attempt >= attempts || !options.isRetryable(error) || Date.now() + delayMs >= deadline)
                throw error;
            options.onRetry?.(error, attempt, delayMs);
            await new Promise(resolve => setTimeout(resolve, delayMs));
        }
    }
}
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);
/** True for errors a later attempt may not meet: throttling, server errors, dropped connections. */
function isTransient(status, code, name) {
    if (status !== undefined && (status === 429 || status >= 500))
        return true;
    if (code && RETRYABLE_CODES.has(code))
        return true;
    return /throttl|toomanyrequests|requestlimitexceeded|serviceunavailable|internalfailure|timeout/i.test(`${name ?? ''} ${code ?? ''}`);
}


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ addSecret),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   pA: () => (/* binding */ longestSecretLength)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
// Every credential passes through here the moment it exists: the runner masks it in the log,
// and the action redacts it from anything it writes itself (stream log, execution file).

const secrets = new Set();
function addSecret(value) {
    // Very short values would mask ordinary words everywhere; no real credential is that short.
    if (!value || value.length < 8 || secrets.has(value))
        return;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    secrets.add(value);
}
function redact(text) {
    let out = text;
    for (const secret of secrets) {
        if (out.includes(secret))
            out = out.split(secret).join('***');
    }
    return out;
}
/** Longest registered secret; a streaming writer holds back this many characters less one. */
function longestSecretLength() {
    let longest = 0;
    for (const secret of secrets)
        longest = Math.max(longest, secret.length);
    return longest;
}


/***/ })

};
