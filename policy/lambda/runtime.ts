import { resourcePolicy } from "../lib/define";
import { deprecatedSince } from "../lib/facts/lambdaRuntimes";

export const lambdaRuntimeSupported = resourcePolicy({
    name: "lambda-runtime-supported",
    description: "Lambda functions run on a runtime AWS still supports: a deprecated runtime gets no security patches, and soon the function can no longer be updated (not even to fix it).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Security Maintenance › Regular Security Tasks › Update dependencies",
        fsbpControl: "Lambda.2",
        remediationSteps: "Move the function to a current runtime of its language (e.g. nodejs22.x or later, python3.12 or later) and test it; container-image functions update their base image instead.",
    },
    types: ["aws:lambda/function:Function"],
    validate: (props, report, { args }) => {
        if (typeof props.runtime !== "string" || props.runtime === "") {
            return args.notApplicable("no managed runtime (a container image brings its own)");
        }
        // Judged against the day the pack runs: a runtime that was current at the last deploy can lapse.
        const since = deprecatedSince(props.runtime, new Date().toISOString().slice(0, 10));
        if (since !== undefined) {
            report(`runtime ${props.runtime} has been deprecated since ${since}: it gets no security patches.`);
        }
    },
});
