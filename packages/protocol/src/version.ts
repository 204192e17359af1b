// Written by scripts/prebuild.mjs from package.json at build; do not edit.

/** This package's name, as in its package.json. */
export const PACKAGE_NAME = '@jss/protocol'

/** This package's version, as in its package.json. */
export const VERSION = '0.1.0'
