// Generated from package.json by scripts/action-inputs.js (run by `npm run bundle`); do not edit.

/** package.json's version, which --version prints and the OpenTelemetry export names. */
export const PACKAGE_VERSION = "1.0.0"
