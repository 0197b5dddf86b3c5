#!/usr/bin/env node
// The evalbook CLI lives in ./evalbook.cjs (CommonJS, the shorter start-up; package.json's `bin`
// points there). This name stays for scripts that run bin/evalbook.mjs.
import "./evalbook.cjs";
