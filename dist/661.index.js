export const id = 661;
export const ids = [661];
export const modules = {

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2462);
// The post step: runs after every job outcome (post-if: always()), including failure and cancel.
// It removes the run's private directory (credentials, OIDC token file, execution file) and
// blanks any credentials the main step exported for later steps.



async function post() {
    const dir = (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .rememberedTempDir */ .gP)();
    if (dir) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(dir, { recursive: true, force: true });
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Removed ${dir}`);
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not remove ${dir}: ${error.message}`);
        }
    }
    for (const name of (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .rememberedExportedCredentials */ .AC)()) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, '');
    }
}


/***/ })

};
