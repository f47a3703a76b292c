/**
 * Request paths (policy/paths/routes.ts): each route of policy/lib/facts/routes.ts, requested
 * through the prod export's HTTPS listener, reaches a target group that a service registers the
 * route's container with, health-checked on the container's port. Broken copies of the export fail
 * the route's path, naming what is missing and what to change; legitimate changes keep them.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { describeFailure, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";
import { routeRequests, samplePath } from "../../policy/paths/routes";

const FIXTURE = path.join(__dirname, "..", "fixtures", "paths", "prod-export.json");
type Exported = { urn: string; type: string; outputs: Record<string, any> };
type Export = { deployment: { resources: Exported[] } };

const FRONTEND_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/alb-frontend-94ac85a/5c267a16b0b8a19b";
const BACKEND_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/alb-backend-b25dea1/0bd95a75ff83cd57";
const HTTPS_LISTENER_URN_END = "::alb-https";

function find(exp: Export, name: string): Exported {
    const r = exp.deployment.resources.find((x) => x.urn.endsWith(`::${name}`));
    if (!r) throw new Error(`fixture has no ${name}`);
    return r;
}
const fixed = (statusCode: string) => [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "maintenance", statusCode } }];
/** A listener rule on the HTTPS listener, as the program would add one. */
function addRule(exp: Export, name: string, priority: number, patterns: string[], actions: object[]): void {
    const listenerArn = exp.deployment.resources.find((r) => r.urn.endsWith(HTTPS_LISTENER_URN_END))!.outputs.arn;
    exp.deployment.resources.push({
        urn: `urn:pulumi:prod::expertconnect-infra::expertconnect:compute:LoadBalancer$aws:lb/listenerRule:ListenerRule::${name}`,
        type: "aws:lb/listenerRule:ListenerRule",
        outputs: { arn: `${listenerArn}/rule/${name}`, listenerArn, priority, conditions: [{ pathPattern: { values: patterns } }], actions },
    });
}

/** A listener rule on the HTTPS listener with any conditions. */
function addConditionalRule(exp: Export, name: string, priority: number, conditions: object[], actions: object[]): void {
    addRule(exp, name, priority, [], actions);
    exp.deployment.resources[exp.deployment.resources.length - 1].outputs.conditions = conditions;
}
const toBackend = [{ type: "forward", targetGroupArn: BACKEND_TG }];
const internalHeader = { httpHeader: { httpHeaderName: "X-Internal", values: ["true"] } };
const internalPath = { pathPattern: { values: ["/internal/*"] } };

async function routeFailures(change: (e: Export) => void) {
    const exp: Export = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    change(exp);
    const results = await verifyPaths(pathResourcesOfExport(exp));
    return { all: results.filter((r) => /^request /.test(r.path)), failing: results.filter((r) => !r.ok) };
}

describe("path verification: each route reaches its container through the HTTPS listener", function () {
    this.timeout(120_000);

    it("requests every route of the fact, the default one as /", () => {
        expect(samplePath("/api/*")).to.equal("/api/x");
        expect(routeRequests().map((r) => [r.path, r.target])).to.deep.include.members([["/api/x", "backend"], ["/", "frontend"]]);
    });

    const passes: Record<string, (e: Export) => void> = {
        "the intact stack": () => undefined,
        "a tighter health matcher": (e) => { find(e, "alb-backend").outputs.healthCheck.matcher = "200"; },
        "the health check on traffic-port, or on the container's own port": (e) => { find(e, "alb-backend").outputs.healthCheck.port = "traffic-port"; find(e, "alb-frontend").outputs.healthCheck.port = "3000"; },
        "a new rule for another path forwarding to the backend": (e) => addRule(e, "alb-rule-130", 130, ["/media/*"], [{ type: "forward", targetGroupArn: BACKEND_TG }]),
        "a maintenance rule on a path nobody serves": (e) => addRule(e, "alb-rule-140", 140, ["/legacy/*"], fixed("503")),
        "a header-gated rule also limited to the office's addresses": (e) => addConditionalRule(e, "internal", 3, [internalHeader, internalPath, { sourceIp: { values: ["203.0.113.0/24"] } }], toBackend),
        "a header-gated rule whose paths the routes send to the backend anyway": (e) => addConditionalRule(e, "canary", 3, [{ httpHeader: { httpHeaderName: "X-Canary", values: ["1"] } }, { pathPattern: { values: ["/api/*"] } }], toBackend),
        "a header-gated rule behind a sign-in that refuses anonymous requests": (e) => addConditionalRule(e, "internal", 3, [internalHeader, internalPath],
            [{ type: "authenticate-oidc", order: 1, authenticateOidc: { onUnauthenticatedRequest: "deny" } }, { ...toBackend[0], order: 2 }]),
        "a header-gated rule whose paths an earlier path-only rule always answers": (e) => {
            addRule(e, "internal-closed", 2, ["/internal/*"], fixed("404"));
            addConditionalRule(e, "internal", 3, [internalHeader, internalPath], toBackend);
        },
        "a header-gated fixed response": (e) => addConditionalRule(e, "teapot", 3, [internalHeader, internalPath], fixed("418")),
        "a weighted forward to the backend group alone": (e) => { find(e, "alb-rule-100").outputs.actions = [{ type: "forward", forward: { targetGroups: [{ arn: BACKEND_TG, weight: 1 }, { arn: FRONTEND_TG, weight: 0 }] } }]; },
    };
    for (const [name, change] of Object.entries(passes)) {
        it(`passes: ${name}`, async () => {
            const { all, failing } = await routeFailures(change);
            expect(all.length, "routes verified").to.be.greaterThan(3);
            expect(failing.map(describeFailure)).to.deep.equal([]);
        });
    }

    const violations: Record<string, { change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = {
        "/api/* forwards to the frontend's target group": {
            change: (e) => { find(e, "alb-rule-100").outputs.actions = [{ type: "forward", targetGroupArn: FRONTEND_TG }]; },
            path: /request \/api\/\* through listener alb-https reaches container backend/, missing: /registering container backend with target group alb-frontend-94ac85a \(it holds frontend of expertconnect-prod-frontend\)/, resource: /ListenerRule alb-rule-100/,
        },
        "the HTTPS listener's default action is a 503 maintenance page": {
            change: (e) => { find(e, "alb-https").outputs.defaultActions = fixed("503"); },
            path: /request \/ \(every other path\) .* reaches container frontend/, missing: /the default action answers a fixed 503 itself/, resource: /Listener alb-https/,
        },
        "a maintenance rule in front of /admin/*": {
            change: (e) => addRule(e, "alb-maintenance", 5, ["/admin/*"], fixed("503")),
            path: /request \/admin\/\* .* reaches container backend/, missing: /rule of priority 5 answers a fixed 503/, resource: /ListenerRule alb-maintenance/,
        },
        "the backend service is detached from its target group": {
            change: (e) => { find(e, "backend-service").outputs.loadBalancers = []; },
            path: /request \/(api|admin|static)\/\* .* reaches container backend/, missing: /no service registers with it/, resource: /alb-rule-1[0-2]0/,
        },
        "the backend target group's health check probes another port": {
            change: (e) => { find(e, "alb-backend").outputs.healthCheck.port = "9000"; },
            path: /reaches container backend/, missing: /it probes 9000, so every target is unhealthy/, resource: /TargetGroup alb-backend/,
        },
        "a rule opens /internal/* on the backend to requests with X-Internal: true": {
            change: (e) => addConditionalRule(e, "internal", 3, [internalHeader, internalPath], toBackend),
            path: /request \/internal\/x with header X-Internal: true \(values any client writes\) .* reaches container frontend/, missing: /priority 3 forwards it to backend .* no access control/, resource: /ListenerRule internal/,
        },
        "a rule opens /internal/* with a query-string switch": {
            change: (e) => addConditionalRule(e, "internal", 3, [{ queryStrings: [{ key: "debug", value: "1" }] }, internalPath], toBackend),
            path: /request \/internal\/x with query debug=1/, missing: /forwards it to backend/, resource: /ListenerRule internal/,
        },
        "a rule opens /internal/* to POST requests only": {
            change: (e) => addConditionalRule(e, "internal", 3, [{ httpRequestMethod: { values: ["POST"] } }, internalPath], toBackend),
            path: /request \/internal\/x with method POST/, missing: /forwards it to backend/, resource: /ListenerRule internal/,
        },
        "a rule opens a regular-expression path with a header": {
            change: (e) => addConditionalRule(e, "internal", 3, [internalHeader, { pathPattern: { regexValues: ["^/ops/.*$"] } }], toBackend),
            path: /request \/ops\/x with header X-Internal/, missing: /forwards it to backend/, resource: /ListenerRule internal/,
        },
        "a header-gated rule 'limited' to a source range that is the whole internet": {
            change: (e) => addConditionalRule(e, "internal", 3, [internalHeader, internalPath, { sourceIp: { values: ["0.0.0.0/1", "128.0.0.0/1"] } }], toBackend),
            path: /request \/internal\/x with header X-Internal/, missing: /forwards it to backend/, resource: /ListenerRule internal/,
        },
        "a header-gated rule behind a sign-in that lets anonymous requests through": {
            change: (e) => addConditionalRule(e, "internal", 3, [internalHeader, internalPath],
                [{ type: "authenticate-cognito", order: 1, authenticateCognito: { onUnauthenticatedRequest: "allow" } }, { ...toBackend[0], order: 2 }]),
            path: /request \/internal\/x with header X-Internal/, missing: /forwards it to backend/, resource: /ListenerRule internal/,
        },
        "a route forwards to a target group outside the stack": {
            change: (e) => { find(e, "alb-rule-120").outputs.actions = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:444455556666:targetgroup/other/1" }]; },
            path: /request \/static\/\*/, missing: /a target group of this stack/, resource: /ListenerRule alb-rule-120/,
        },
    };
    for (const [name, v] of Object.entries(violations)) {
        it(`fails: ${name}`, async () => {
            const { failing } = await routeFailures(v.change);
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(v.path);
                expect(f.missing, describeFailure(f)).to.match(v.missing);
                expect(f.change, describeFailure(f)).to.match(v.resource);
            }
        });
    }
});
