#!/usr/bin/env node
console.log("hello from platform", process.argv.slice(2).join(" "));
