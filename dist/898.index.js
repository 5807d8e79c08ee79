export const id = 898;
export const ids = [898];
export const modules = {

/***/ 1898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prepareVertex: () => (/* binding */ prepareVertex)
/* harmony export */ });
const prepareVertex = async () => {
    throw new Error('provider vertex is not available yet');
};


/***/ })

};
