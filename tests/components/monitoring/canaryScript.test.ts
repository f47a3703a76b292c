/**
 * The canary's script, run against a stand-in for the Synthetics runtime's
 * `@aws/synthetics-playwright` (steps, browser, page and request): which URLs it calls, and
 * which answers of the site and of the video check make the run fail.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { canaryName, canarySchedule, functionNameOf } from "../../../components/monitoring/canary/settings";
import { tempDir } from "../../engine/engine";

const SCRIPT = path.resolve(__dirname, "../../../components/monitoring/canary/siteCheck.mjs");

/** The stand-in module: answers come from globalThis.__answers, calls go to globalThis.__calls. */
const STUB = `
const calls = () => globalThis.__calls;
const answer = (url) => {
    const a = globalThis.__answers[new URL(url).pathname];
    if (!a) throw new Error("no answer for " + url);
    return { status: () => a.status, json: async () => a.body };
};
const request = { get: async (url, options) => { calls().push({ kind: "get", url, options }); return answer(url); } };
const page = { goto: async (url) => { calls().push({ kind: "goto", url }); return answer(url); }, request };
export const synthetics = {
    launch: async () => ({ newContext: async (o) => { calls().push({ kind: "context", options: o }); return { newPage: async () => page }; } }),
    newPage: async () => page,
    executeStep: async (name, fn) => { calls().push({ kind: "step", name }); await fn(); },
    close: async () => { calls().push({ kind: "close" }); },
};
`;

type Answers = Record<string, { status: number; body?: unknown }>;
const OK: Answers = {
    "/": { status: 200 },
    "/api/health/": { status: 200, body: { status: "ok" } },
    "/api/health/video/": { status: 200, body: { status: "ok", checks: { provider_api: "ok", token_issue: "ok" } } },
};

const dir = tempDir();
fs.mkdirSync(path.join(dir, "node_modules", "@aws", "synthetics-playwright"), { recursive: true });
fs.writeFileSync(path.join(dir, "node_modules", "@aws", "synthetics-playwright", "package.json"), JSON.stringify({ name: "@aws/synthetics-playwright", type: "module", main: "index.js" }));
fs.writeFileSync(path.join(dir, "node_modules", "@aws", "synthetics-playwright", "index.js"), STUB);
let copies = 0;

// A real ES-module import (TypeScript would turn `import()` into `require`).
const importModule = new Function("url", "return import(url)") as (url: string) => Promise<{ handler: () => Promise<void> }>;

async function run(answers: Answers, env: Record<string, string> = {}): Promise<{ calls: any[]; error?: Error }> {
    const g = globalThis as any;
    g.__calls = [];
    g.__answers = answers;
    Object.assign(process.env, { SITE_URL: "https://expertconnect.example/", HEALTH_PATH: "/api/health/", VIDEO_CHECK_PATH: "/api/health/video/", IGNORE_CERTIFICATE_NAME: "false", ...env });
    // A fresh copy per run: the script reads its environment when loaded.
    const file = path.join(dir, `siteCheck-${copies++}.mjs`);
    fs.copyFileSync(SCRIPT, file);
    const { handler } = await importModule(pathToFileURL(file).href);
    try {
        await handler();
        return { calls: g.__calls };
    } catch (e) {
        return { calls: g.__calls, error: e as Error };
    }
}

const ENV_KEYS = ["SITE_URL", "HEALTH_PATH", "VIDEO_CHECK_PATH", "IGNORE_CERTIFICATE_NAME"];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

describe("canary script", () => {
    after(() => {
        for (const k of ENV_KEYS) {
            if (savedEnv[k] === undefined) delete process.env[k]; else process.env[k] = savedEnv[k];
        }
    });

    it("loads the site, then the API health check, then the video check, and closes the browser", async () => {
        const { calls, error } = await run(OK);
        expect(error).to.equal(undefined);
        expect(calls.filter((c) => c.kind !== "step").map((c) => `${c.kind} ${c.url ?? ""}`.trim())).to.deep.equal([
            "goto https://expertconnect.example/",
            "get https://expertconnect.example/api/health/",
            "get https://expertconnect.example/api/health/video/",
            "close",
        ]);
        expect(calls.filter((c) => c.kind === "step").map((c) => c.name)).to.deep.equal(["home-page", "api-health", "video-path"]);
    });

    for (const [title, change, message] of [
        ["the site answers 503", { "/": { status: 503 } }, /home page: HTTP 503/],
        ["the API health check answers 500", { "/api/health/": { status: 500 } }, /\/api\/health\/: HTTP 500/],
        ["the video check answers 502", { "/api/health/video/": { status: 502 } }, /\/api\/health\/video\/: HTTP 502/],
        ["the video check reports a failed check", { "/api/health/video/": { status: 200, body: { status: "failed", failed_check: "provider_api" } } }, /status "failed" \(provider_api\)/],
        ["the video check answers 200 without a status", { "/api/health/video/": { status: 200, body: {} } }, /status undefined/],
    ] as const) {
        it(`fails the run when ${title}, and still closes the browser`, async () => {
            const { calls, error } = await run({ ...OK, ...change });
            expect(error?.message).to.match(message);
            expect(calls[calls.length - 1].kind).to.equal("close");
        });
    }

    it("ignores the certificate's name only when told to", async () => {
        expect((await run(OK)).calls.some((c) => c.kind === "context")).to.equal(false);
        const { calls } = await run(OK, { IGNORE_CERTIFICATE_NAME: "true" });
        expect(calls.find((c) => c.kind === "context").options).to.deep.equal({ ignoreHTTPSErrors: true });
    });
});

describe("canary settings", () => {
    it("names the canary after project and environment, within Synthetics' 21 characters", () => {
        expect(canaryName("expertconnect", "prod")).to.equal("expertconnect-prod");
        expect(() => canaryName("expertconnect", "production-east")).to.throw(/allowed: 1-21 of a-z, 0-9, - and _/);
        expect(() => canaryName("ExpertConnect", "prod")).to.throw(/allowed/);
    });

    it("runs every 1 to 60 minutes", () => {
        expect(canarySchedule(1)).to.equal("rate(1 minute)");
        expect(canarySchedule(5)).to.equal("rate(5 minutes)");
        for (const bad of [0, 61, 2.5]) {
            expect(() => canarySchedule(bad)).to.throw(/monitoring.canary.everyMinutes .*allowed: a whole number from 1 to 60/);
        }
    });

    it("reads the function name out of the engine ARN, and refuses anything else", () => {
        expect(functionNameOf("arn:aws:lambda:us-east-1:123456789012:function:cwsyn-expertconnect-prod-0a1b:1")).to.equal("cwsyn-expertconnect-prod-0a1b");
        expect(() => functionNameOf("arn:aws:s3:::bucket")).to.throw(/is not a Lambda function ARN/);
    });
});
