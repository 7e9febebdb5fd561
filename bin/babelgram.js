#!/usr/bin/env node
// The `babelgram` command: the bundled CLI lives in dist/ (built by `npm install` via the prepare script).
import "../dist/cli.js";
