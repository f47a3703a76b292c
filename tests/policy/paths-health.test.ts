/**
 * Health checks (policy/paths/health.ts, lib/healthCheck.ts, lib/shellOutcome.ts): a container's
 * check run as the runtime runs it (CMD, CMD-SHELL, NONE) ends with a status that depends on the
 * app, probes the port and path the app answers (lib/facts/appHealth.ts) and waits for it to boot;
 * a target group's check asks the backend for its health path and counts its 200 healthy.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { describeFailure, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";
import { acceptedErrors, groupTimingProblem, matcherAccepts } from "../../policy/paths/health";
import { routeDetectSeconds } from "../../policy/paths/routeChecks";
import { commandOutcomes, healthCommand, probesOf, statusBlindRequests, timingProblem } from "../../policy/lib/healthCheck";
import { scriptOutcomes } from "../../policy/lib/shellOutcome";
import { stackPreview } from "../support/stackPreview";

const FIXTURE = path.join(__dirname, "..", "fixtures", "paths", "prod-export.json");
type Exported = { urn: string; type: string; outputs: Record<string, any> };
type Export = { deployment: { resources: Exported[] } };

function find(exp: Export, name: string): Exported {
    const r = exp.deployment.resources.find((x) => x.urn.endsWith(`::${name}`));
    if (!r) throw new Error(`fixture has no ${name}`);
    return r;
}
/** Edits container `name` of the task definition `task` in the export. */
const container = (task: string, name: string, fn: (c: any) => void) => (e: Export) => {
    const d = find(e, task).outputs;
    const list = JSON.parse(d.containerDefinitions);
    fn(list.find((c: any) => c.name === name));
    d.containerDefinitions = JSON.stringify(list);
};
const backend = (fn: (c: any) => void) => container("backend-task", "backend", fn);
const command = (...cmd: string[]) => backend((c) => { c.healthCheck.command = cmd; });

async function healthFailures(change: (e: Export) => void) {
    const exp: Export = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    change(exp);
    const results = await verifyPaths(pathResourcesOfExport(exp));
    return { all: results.filter((r) => /health check/.test(r.path)), failing: results.filter((r) => !r.ok) };
}

describe("health checks: a script's possible exit statuses", () => {
    const table: Array<[string, string[]]> = [
        ["exit 1", ["fail"]], ["exit 0", ["0"]], ["exit 256", ["0"]], ["false", ["fail"]], ["true", ["0"]], [":", ["0"]], ["", ["0"]],
        ["curl -f http://localhost:8000/ || exit 1", ["0", "fail"]],
        ["curl -f http://localhost:8000/ || exit 0", ["0"]],
        ["curl -f http://localhost:8000/; exit 0", ["0"]],
        ["curl -f http://localhost:8000/ && exit 1", ["fail"]],
        ["curl -f x && exit 0 || exit 1", ["0", "fail"]],
        ["true || exit 1", ["0"]], ["false || exit 1", ["fail"]],
        ["! true", ["fail"]], ["! curl x", ["0", "fail"]],
        ["(exit 1) || true", ["0"]], ["{ exit 1; }", ["fail"]], ["(exit 1); curl x", ["0", "fail"]],
        ["curl -f x >/dev/null 2>&1 || exit 1", ["0", "fail"]],
        ["wget -qO- http://127.0.0.1:8000/x | grep ok", ["0", "fail"]],
        ["curl x | true", ["0"]],
        ["exit 1 &", ["0"]],
        ["if curl x; then exit 0; else exit 1; fi", ["0", "fail"]],
        ["echo 'unterminated", ["0", "fail"]],
    ];
    for (const [script, outcomes] of table) {
        it(`${JSON.stringify(script)} ends ${outcomes.join(" or ")}`, () => expect(scriptOutcomes(script)).to.deep.equal(outcomes));
    }
});

describe("health checks: curl requests whose exit status ignores the app's HTTP status", () => {
    const table: Array<[string[], string[]]> = [
        [["CMD", "curl", "http://localhost:8000/"], ["curl http://localhost:8000/"]],
        [["CMD", "/usr/bin/curl", "-sS", "http://localhost:8000/"], ["/usr/bin/curl -sS http://localhost:8000/"]],
        [["CMD", "curl", "-f", "http://localhost:8000/"], []],
        [["CMD", "curl", "-sfS", "http://localhost:8000/"], []],
        [["CMD", "curl", "--fail", "http://localhost:8000/"], []],
        [["CMD", "curl", "--fail-early", "http://localhost:8000/"], ["curl --fail-early http://localhost:8000/"]],
        [["CMD-SHELL", "curl -s http://localhost:8000/ || exit 1"], ["curl -s http://localhost:8000/"]],
        [["CMD-SHELL", "NO_PROXY=* curl http://localhost:8000/"], ["curl http://localhost:8000/"]],
        [["CMD-SHELL", "curl -s http://localhost:8000/ | grep -q ok"], []],
        [["CMD-SHELL", "curl -s http://localhost:8000/ &"], []],
        [["CMD-SHELL", "[ \"$(curl -s -w '%{http_code}' -o /dev/null http://localhost:8000/)\" = 200 ]"], []],
        [["CMD-SHELL", "if curl x; then exit 0; fi"], []],
        [["CMD", "sh", "-c", "curl http://localhost:8000/ && exit 0"], ["curl http://localhost:8000/"]],
        [["CMD", "python", "-c", "urlopen('http://127.0.0.1:8000/')"], []],
        [["CMD", "wget", "-q", "-O-", "http://localhost:8000/"], []],
    ];
    for (const [command, blind] of table) {
        it(`${JSON.stringify(command)}: ${blind.length ? "status-blind" : "judged elsewhere"}`, () => {
            expect(statusBlindRequests(healthCommand(command))).to.deep.equal(blind);
        });
    }
});

describe("health checks: the command as the runtime runs it", () => {
    const table: Array<[unknown[], string, string[]]> = [
        [["CMD-SHELL", "exit 1"], "shell", ["fail"]],
        [["CMD", "true"], "exec", ["0"]], [["CMD", "/bin/false"], "exec", ["fail"]], [["CMD", "exit", "0"], "exec", ["fail"]],
        [["CMD", "sh", "-c", "exit 1"], "exec", ["fail"]], [["CMD", "/bin/bash", "-c", "curl x || exit 0"], "exec", ["0"]],
        [["CMD", "sh", "-ec", "curl x; exit 0"], "exec", ["0", "fail"]],
        [["CMD", "curl", "-f", "http://localhost:8000/"], "exec", ["0", "fail"]],
        [["NONE"], "none", ["0", "fail"]], [["CMD-EXEC", "x"], "invalid", ["0", "fail"]], [["CMD"], "invalid", ["0", "fail"]], [[], "invalid", ["0", "fail"]],
    ];
    for (const [cmd, kind, outcomes] of table) {
        it(`${JSON.stringify(cmd)}: ${kind}, ends ${outcomes.join(" or ")}`, () => {
            const parsed = healthCommand(cmd);
            expect(parsed.kind).to.equal(kind);
            expect(commandOutcomes(parsed)).to.deep.equal(outcomes);
        });
    }

    const env = new Map([["HEALTH_CHECK_PATH", "/api/health/"]]);
    const probes: Array<[string[], Array<{ scheme: string; port: number; path?: string }>]> = [
        [["CMD", "python", "-c", "urlopen('http://127.0.0.1:8000' + sys.argv[1], timeout=4)", "/api/health/"], [{ scheme: "http", port: 8000, path: "/api/health/" }]],
        [["CMD-SHELL", "curl -f http://localhost:8080/healthz?x=1 || exit 1"], [{ scheme: "http", port: 8080, path: "/healthz" }]],
        [["CMD-SHELL", "curl -f http://localhost:8000${HEALTH_CHECK_PATH}"], [{ scheme: "http", port: 8000, path: "/api/health/" }]],
        [["CMD-SHELL", "curl -f 'http://localhost:8000$HEALTH_CHECK_PATH'"], [{ scheme: "http", port: 8000, path: undefined }]],
        [["CMD", "wget", "-q", "https://127.0.0.1"], [{ scheme: "https", port: 443, path: "/" }]],
        [["CMD-SHELL", "curl -f localhost:3000/"], [{ scheme: "http", port: 3000, path: "/" }]],
        [["CMD-SHELL", "curl -f http://api.example.com:9000/ && ping localhost"], []],
    ];
    for (const [cmd, expected] of probes) {
        it(`${JSON.stringify(cmd)} probes ${JSON.stringify(expected)}`, () => {
            expect(probesOf(healthCommand(cmd), env).map(({ scheme, port, path: p }) => ({ scheme, port, path: p }))).to.deep.equal(expected);
        });
    }
});

describe("health checks: timings", () => {
    const table: Array<[object, RegExp | undefined]> = [
        [{ interval: 30, timeout: 5, retries: 3, startPeriod: 60 }, undefined],
        [{}, undefined],
        [{ interval: 10, retries: 5, startPeriod: 30 }, undefined],
        [{ startPeriod: 0, interval: 5, retries: 1 }, /unhealthy 5 s after it starts/],
        [{ startPeriod: 10, interval: 10, retries: 3 }, /unhealthy 40 s/],
        [{ interval: 4 }, /interval 4 within ECS's 5-300/],
        [{ timeout: 61 }, /timeout 61 within ECS's 2-60/],
        [{ retries: 0 }, /retries 0 within/],
        [{ startPeriod: 301 }, /startPeriod 301 within/],
    ];
    table.push(
        [{ interval: 30, retries: 4, startPeriod: 60 }, undefined],
        [{ interval: 300, retries: 10, startPeriod: 60 }, /time to detect: .*retries 10 × interval 300 s = 3000 s, longer than the 120 s/],
        [{ interval: 60, retries: 3, startPeriod: 60 }, /time to detect: .*180 s/],
    );
    for (const [check, problem] of table) {
        it(`${JSON.stringify(check)}: ${problem ?? "boots"}`, () => {
            const found = timingProblem(check, 60, 120);
            if (problem) expect(found).to.match(problem);
            else expect(found).to.equal(undefined);
        });
    }
    const groups: Array<[object, number, RegExp | undefined]> = [
        [{ interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 }, 60, undefined],
        [{}, 0, undefined],
        [{ interval: 10, healthyThreshold: 3, unhealthyThreshold: 3 }, 60, undefined],
        [{ interval: 15, unhealthyThreshold: 3 }, 120, undefined],
        [{ interval: 15, unhealthyThreshold: 3 }, 0, /ECS stops a new task 45 s after it starts/],
        [{ interval: 5, timeout: 4, unhealthyThreshold: 2 }, 30, /stops a new task 30 s .*healthCheckGracePeriodSeconds to at least 60/],
        [{ interval: 15, timeout: 15 }, 60, /timeout \(15 s\) shorter than its interval/],
        [{ healthyThreshold: 11 }, 60, /healthyThreshold 11 within ELB's 2-10/],
        [{ interval: 301 }, 60, /interval 301 within/],
        [{ interval: 30, unhealthyThreshold: 4 }, 60, undefined],
        [{ interval: 15, unhealthyThreshold: 3 }, 180, undefined],
        [{ interval: 300, timeout: 120, unhealthyThreshold: 10 }, 60, /time to detect: .*unhealthyThreshold 10 × interval 300 s = 3000 s, longer than the 120 s/],
        [{ interval: 30, unhealthyThreshold: 5 }, 60, /time to detect: .*150 s/],
        [{ interval: 15, unhealthyThreshold: 3 }, 86400, /time to replace: .*healthCheckGracePeriodSeconds 86400 s.*between 60 and 180/],
        [{ interval: 15, unhealthyThreshold: 3 }, 181, /time to replace/],
    ];
    for (const [check, grace, problem] of groups) {
        it(`target group ${JSON.stringify(check)}, grace ${grace} s: ${problem ?? "boots"}`, () => {
            const found = groupTimingProblem(check as Record<string, unknown>, grace, 60, 120);
            if (problem) expect(found).to.match(problem);
            else expect(found).to.equal(undefined);
        });
    }
    it("matchers: single codes, ranges and lists; none is 200", () => {
        expect([matcherAccepts("200-399", 200), matcherAccepts("200,204", 200), matcherAccepts(undefined, 200), matcherAccepts("204", 200), matcherAccepts("300-399", 200)])
            .to.deep.equal([true, true, true, false, false]);
    });
    it("matchers accepting an error status: the part that does", () => {
        expect(["200-399", "200", undefined, "200-499", "200,404", "500", "300-400", "100-199"].map(acceptedErrors))
            .to.deep.equal([undefined, undefined, undefined, "200-499", "404", "500", "300-400", undefined]);
    });
    it("Route 53's time to detect: failureThreshold × requestInterval, AWS's defaults 3 × 30", () => {
        expect([{}, { requestInterval: 10, failureThreshold: 10 }, { failureThreshold: 10 }].map((c) => routeDetectSeconds(c).seconds)).to.deep.equal([90, 100, 300]);
    });
});

describe("health checks: the prod export's containers and target groups", function () {
    this.timeout(120_000);

    const passes: Record<string, (e: Export) => void> = {
        "the intact stack": () => undefined,
        "a curl check in CMD form": command("CMD", "curl", "-f", "http://localhost:8000/api/health/"),
        "a shell check of $HEALTH_CHECK_PATH": command("CMD-SHELL", "curl -fsS http://127.0.0.1:8000$HEALTH_CHECK_PATH || exit 1"),
        "curl with --fail-with-body": command("CMD", "curl", "--fail-with-body", "-sS", "http://localhost:8000/api/health/"),
        "curl's answer read by grep": command("CMD-SHELL", "curl -s http://localhost:8000/api/health/ | grep -q ok"),
        "curl's status code compared in a test": command("CMD-SHELL", "test \"$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8000/api/health/)\" = 200"),
        "a longer start period": backend((c) => { c.healthCheck.startPeriod = 180; }),
        "the health path moved everywhere": (e) => {
            backend((c) => { c.environment[0].value = "/api/ready/"; c.healthCheck.command[4] = "/api/ready/"; })(e);
            find(e, "alb-backend").outputs.healthCheck.path = "/api/ready/";
        },
        "a tighter matcher": (e) => { find(e, "alb-backend").outputs.healthCheck.matcher = "200"; },
        "the frontend group checks another page": (e) => { find(e, "alb-frontend").outputs.healthCheck.path = "/about"; },
        "a grace period of three minutes (boot plus the detection budget)": (e) => { find(e, "backend-service").outputs.healthCheckGracePeriodSeconds = 180; },
        "a longer grace period, a faster check": (e) => { find(e, "backend-service").outputs.healthCheckGracePeriodSeconds = 120; Object.assign(find(e, "alb-backend").outputs.healthCheck, { interval: 10, healthyThreshold: 3 }); },
    };
    for (const [name, change] of Object.entries(passes)) {
        it(`passes: ${name}`, async () => {
            const { all, failing } = await healthFailures(change);
            expect(all.length, "health checks verified").to.equal(4);
            expect(failing.map(describeFailure)).to.deep.equal([]);
        });
    }

    const violations: Record<string, { change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = {
        "a check that always fails": { change: command("CMD-SHELL", "exit 1"), path: /container backend .* passes its health check/, missing: /can succeed .*always ends non-zero/, resource: /TaskDefinition backend-task/ },
        "a check that never fails": { change: command("CMD-SHELL", "curl -f http://localhost:8000/api/health/ || true"), path: /container backend/, missing: /can fail .*always ends 0/, resource: /TaskDefinition backend-task/ },
        "a check type the runtime does not know": { change: command("CMD-EXEC", "curl"), path: /container backend/, missing: /runs only \["CMD"/, resource: /backend-task/ },
        "a probe of another port": { change: command("CMD", "curl", "-f", "http://localhost:9000/api/health/"), path: /container backend/, missing: /requests port 9000; container backend listens on 8000/, resource: /backend-task/ },
        "a probe of a path Django refuses": { change: command("CMD", "curl", "-f", "http://localhost:8000/healthz"), path: /container backend/, missing: /requests \/healthz; .*only on \/api\/health\//, resource: /backend-task/ },
        "curl without --fail in CMD form": { change: command("CMD", "curl", "-sS", "http://localhost:8000/api/health/"), path: /container backend/, missing: /fails on the app's error answers .*curl -sS http:\/\/localhost:8000\/api\/health\/.* add curl's -f/, resource: /backend-task/ },
        "curl without --fail in a shell, its failure the check's": { change: command("CMD-SHELL", "curl -s http://localhost:8000/api/health/ > /dev/null || exit 1"), path: /container backend/, missing: /ends 0 whatever HTTP status the app returns/, resource: /backend-task/ },
        "curl without --fail through sh -c": { change: command("CMD", "sh", "-c", "curl --silent http://localhost:8000/api/health/"), path: /container backend/, missing: /fails on the app's error answers/, resource: /backend-task/ },
        "a probe over TLS": { change: command("CMD", "curl", "-fk", "https://localhost:8000/api/health/"), path: /container backend/, missing: /plain HTTP/, resource: /backend-task/ },
        "a check that gives up before boot": { change: backend((c) => { c.healthCheck = { ...c.healthCheck, startPeriod: 0, interval: 5, retries: 2 }; }), path: /container backend/, missing: /unhealthy 10 s after it starts/, resource: /backend-task/ },
        "the target group asks for another path": { change: (e) => { find(e, "alb-backend").outputs.healthCheck.path = "/healthz"; }, path: /target group alb-backend-b25dea1's health check passes on container backend/, missing: /healthCheck.path \/api\/health\/ \(the check requests \/healthz/, resource: /TargetGroup alb-backend/ },
        "the target group's matcher leaves out 200": { change: (e) => { find(e, "alb-backend").outputs.healthCheck.matcher = "301-399"; }, path: /target group alb-backend/, missing: /matcher that includes 200/, resource: /TargetGroup alb-backend/ },
        "the target group checks over HTTPS": { change: (e) => { find(e, "alb-backend").outputs.healthCheck.protocol = "HTTPS"; }, path: /target group alb-backend/, missing: /protocol HTTP/, resource: /TargetGroup alb-backend/ },
        "the backend service's grace period removed": { change: (e) => { delete find(e, "backend-service").outputs.healthCheckGracePeriodSeconds; }, path: /target group alb-backend/, missing: /health-check grace 0 s; unhealthyThreshold 3 × interval 15 s/, resource: /Service backend-service/ },
        "the target group's timeout as long as its interval": { change: (e) => { find(e, "alb-frontend").outputs.healthCheck.timeout = 15; }, path: /target group alb-frontend/, missing: /shorter than its interval/, resource: /TargetGroup alb-frontend/ },
        "the target group counts 4xx healthy": { change: (e) => { find(e, "alb-backend").outputs.healthCheck.matcher = "200-499"; }, path: /target group alb-backend/, missing: /matcher 200-499 accepts 200-499/, resource: /TargetGroup alb-backend/ },
        "the frontend group counts a 500 healthy": { change: (e) => { find(e, "alb-frontend").outputs.healthCheck.matcher = "200,500"; }, path: /target group alb-frontend/, missing: /accepts 500/, resource: /TargetGroup alb-frontend/ },
        "a day's grace period": { change: (e) => { find(e, "backend-service").outputs.healthCheckGracePeriodSeconds = 86400; }, path: /target group alb-backend/, missing: /time to replace: .*86400 s/, resource: /Service backend-service/ },
        "the target group waits 10 × 300 s": { change: (e) => { Object.assign(find(e, "alb-backend").outputs.healthCheck, { interval: 300, timeout: 120, unhealthyThreshold: 10 }); }, path: /target group alb-backend/, missing: /time to detect: .*3000 s/, resource: /TargetGroup alb-backend/ },
        "the container check retries 10 times 5 minutes apart": { change: backend((c) => { c.healthCheck = { ...c.healthCheck, interval: 300, retries: 10 }; }), path: /container backend/, missing: /time to detect: .*3000 s/, resource: /backend-task/ },
        "the backend loses its HEALTH_CHECK_PATH": { change: backend((c) => { c.environment = []; }), path: /(container|target group .*) backend/, missing: /environment variable HEALTH_CHECK_PATH/, resource: /backend-task|alb-backend/ },
    };
    for (const [name, v] of Object.entries(violations)) {
        it(`fails: ${name}`, async () => {
            const { failing } = await healthFailures(v.change);
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(v.path);
                expect(f.missing, describeFailure(f)).to.match(v.missing);
                expect(f.change, describeFailure(f)).to.match(v.resource);
            }
        });
    }
});

describe("health checks: Route 53's checks of the prod preview's failover record", function () {
    this.timeout(300_000);

    async function routeFailures(change: (e: Export) => void) {
        const exp = stackPreview("prod").deployment as unknown as Export;
        change(exp);
        const results = await verifyPaths(pathResourcesOfExport(exp));
        return { all: results.filter((r) => /^Route 53 health check/.test(r.path)), failing: results.filter((r) => !r.ok) };
    }
    const check = (e: Export) => find(e, "dns-app").outputs;

    const passes: Record<string, (e: Export) => void> = {
        "the intact stack": () => undefined,
        "Route 53 probes every 10 s, 10 failures (100 s)": (e) => { Object.assign(check(e), { requestInterval: 10, failureThreshold: 10 }); },
        "the app check tolerates 5 failures (150 s, a region's budget)": (e) => { check(e).failureThreshold = 5; },
        "the app check asks for the health path with a query": (e) => { check(e).resourcePath = "/api/health/?probe=route53"; },
        "the app check probes the health path over HTTP on the listener's redirect is judged elsewhere (dr-dns-failover-health-can-fail)": (e) => { Object.assign(check(e), { type: "HTTP", port: 80 }); },
    };
    for (const [name, change] of Object.entries(passes)) {
        it(`passes: ${name}`, async () => {
            const { all, failing } = await routeFailures(change);
            expect(all.length, "Route 53 probes verified").to.equal(3);
            expect(failing.map(describeFailure)).to.deep.equal([]);
        });
    }

    const violations: Record<string, { change: (e: Export) => void; missing: RegExp }> = {
        "the app check fails after 10 × 30 s": { change: (e) => { check(e).failureThreshold = 10; }, missing: /time to detect: .*failureThreshold 10 × requestInterval 30 s = 300 s, longer than the 150 s/ },
        "the role check fails after 6 × 30 s": { change: (e) => { find(e, "dns-role").outputs.failureThreshold = 6; }, missing: /time to detect: .*180 s/ },
        "the app check requests / (the frontend's default route)": { change: (e) => { check(e).resourcePath = "/"; }, missing: /a container's health path \(backend's \/api\/health\/\): \/ reaches container frontend, whose app names no health path/ },
        "the app check requests another backend path": { change: (e) => { check(e).resourcePath = "/api/experts/"; }, missing: /resourcePath \/api\/health\/ \(the check requests \/api\/experts\/, which reaches container backend/ },
        "the app check requests the frontend's group by a string match": { change: (e) => { Object.assign(check(e), { type: "HTTPS_STR_MATCH", searchString: "ok", resourcePath: "/about" }); }, missing: /reaches container frontend/ },
    };
    for (const [name, v] of Object.entries(violations)) {
        it(`fails: ${name}`, async () => {
            const { failing } = await routeFailures(v.change);
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(/^Route 53 health check dns-(app|role)-\w+ .* of record app\.expertconnect\.example/);
                expect(f.missing, describeFailure(f)).to.match(v.missing);
                expect(f.change, describeFailure(f)).to.match(/HealthCheck dns-(app|role)/);
            }
        });
    }
});
