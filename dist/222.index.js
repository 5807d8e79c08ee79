export const id = 222;
export const ids = [222];
export const modules = {

/***/ 9222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prepareAnthropic: () => (/* binding */ prepareAnthropic)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7194);
// The Claude API: an API key from the input, or the login already in the job's env.


const prepareAnthropic = async ({ settings }) => {
    const { apiKey } = settings.provider;
    if (apiKey) {
        (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .addSecret */ .Ck)(apiKey);
    }
    else {
        for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'])
            (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .addSecret */ .Ck)(process.env[name]);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('Claude API: no anthropic-api-key given; using the login already in the job env');
    }
    const credentialEnv = apiKey ? { ANTHROPIC_API_KEY: apiKey } : {};
    return {
        env: {},
        credentialEnv,
        regionEnv: () => ({}),
        credentialFiles: []
    };
};


/***/ })

};
