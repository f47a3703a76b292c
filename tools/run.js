"use strict";
// Entry point of the offline engine (npm run preview / analyze / bench): loads TypeScript
// through the caching transpiler, then runs the command line.
require("./tsRequire");

// The pack and program processes start first; the engine's own modules load while they do.
const { prelaunch, releaseUnused } = require("./engine/cli/prelaunch.ts");
prelaunch(process.argv.slice(2));
const { main } = require("./engine/cli/main.ts");

main(process.argv.slice(2)).then((code) => {
    releaseUnused();
    process.exitCode = code;
    // Everything is closed by now; the timer only guards against a stray handle keeping the
    // process alive, and does not itself hold the process open.
    setTimeout(() => process.exit(code), 2000).unref();
});
