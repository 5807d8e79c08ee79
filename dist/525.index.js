export const id = 525;
export const ids = [525];
export const modules = {

/***/ 5525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
// Sticky PR comment: not yet implemented.

async function commentOnPullRequest(_report, _settings) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm('comment-on-pr is not implemented yet');
    return undefined;
}


/***/ })

};
