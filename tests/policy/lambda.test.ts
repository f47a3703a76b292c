import { expect } from "chai";

import { deprecatedSince, LAMBDA_RUNTIME_DEPRECATED } from "../../policy/lib/facts/lambdaRuntimes";
import { lambdaRuntimeSupported } from "../../policy/lambda/runtime";
import { resourceTable } from "./support/cases";
import { TAGS } from "./support/fixtures";
import { ResourceInput } from "./support/harness";

const fn: ResourceInput = {
    type: "aws:lambda/function:Function", name: "database-tasks",
    props: { name: "expertconnect-prod-database-tasks", runtime: "nodejs22.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/r", tags: TAGS },
};

describe("lambda-runtime-supported", () => {
    resourceTable(lambdaRuntimeSupported, fn, {
        passes: {
            "a runtime AWS has announced no deprecation for": { change: r => { r.props.runtime = "python3.14"; } },
        },
        violations: {
            "a Node.js runtime deprecated in 2024": { change: r => { r.props.runtime = "nodejs16.x"; }, message: /runtime nodejs16.x has been deprecated since 2024-06-12/ },
            "a Python runtime long deprecated": { change: r => { r.props.runtime = "python3.7"; }, message: /python3.7 has been deprecated since 2023-12-04/ },
            "the Go 1.x runtime (replaced by provided.al2023)": { change: r => { r.props.runtime = "go1.x"; }, message: /go1.x has been deprecated/ },
        },
        notApplicable: {
            "a container-image function (no managed runtime)": { change: r => { delete r.props.runtime; r.props.packageType = "Image"; r.props.imageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"; } },
        },
    });

    it("counts a runtime deprecated from its deprecation day, not before", () => {
        expect(deprecatedSince("nodejs20.x", "2026-04-29")).to.equal(undefined);
        expect(deprecatedSince("nodejs20.x", "2026-04-30")).to.equal("2026-04-30");
        expect(deprecatedSince("nodejs24.x", "2099-01-01")).to.equal(undefined);
    });

    it("lists dates as YYYY-MM-DD, so they compare as text", () => {
        for (const [runtime, date] of Object.entries(LAMBDA_RUNTIME_DEPRECATED)) {
            expect(date, runtime).to.match(/^\d{4}-\d{2}-\d{2}$/);
        }
    });
});
