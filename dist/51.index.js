export const id = 51;
export const ids = [51];
export const modules = {

/***/ 2051:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2324);
// Sticky PR comment: not yet implemented.

async function commentOnPullRequest(_report, _settings) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm('comment-on-pr is not implemented yet');
    return undefined;
}


/***/ })

};
