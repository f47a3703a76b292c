// CloudWatch Synthetics canary (Node.js Playwright runtime): the public site, the API's health
// check and the video-conferencing path, as a user's browser reaches them. Configured by the
// canary's environment (see components/monitoring/SyntheticCheck.ts); the video endpoint's
// contract is in docs/monitoring-and-security.md.
import { synthetics } from "@aws/synthetics-playwright";

const SITE_URL = process.env.SITE_URL;
const HEALTH_PATH = process.env.HEALTH_PATH;
const VIDEO_CHECK_PATH = process.env.VIDEO_CHECK_PATH;
// Set only when the stack has no site URL and the check goes to the load balancer's own name,
// which the certificate does not cover.
const IGNORE_CERTIFICATE_NAME = process.env.IGNORE_CERTIFICATE_NAME === "true";

const url = (path) => new URL(path, SITE_URL).toString();

async function expectJson(request, path, timeout, check) {
    const response = await request.get(url(path), { timeout, headers: { accept: "application/json" } });
    if (response.status() !== 200) {
        throw new Error(`${path}: HTTP ${response.status()}`);
    }
    check(await response.json());
}

export const handler = async () => {
    const browser = await synthetics.launch();
    try {
        const page = IGNORE_CERTIFICATE_NAME
            ? await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
            : await synthetics.newPage(browser);
        await synthetics.executeStep("home-page", async () => {
            const response = await page.goto(SITE_URL, { waitUntil: "load", timeout: 30000 });
            if (!response || response.status() >= 400) {
                throw new Error(`home page: HTTP ${response ? response.status() : "no response"}`);
            }
        });
        await synthetics.executeStep("api-health", async () => {
            const response = await page.request.get(url(HEALTH_PATH), { timeout: 10000 });
            if (response.status() !== 200) {
                throw new Error(`${HEALTH_PATH}: HTTP ${response.status()}`);
            }
        });
        await synthetics.executeStep("video-path", async () => {
            await expectJson(page.request, VIDEO_CHECK_PATH, 10000, (body) => {
                if (body.status !== "ok") {
                    throw new Error(`${VIDEO_CHECK_PATH}: status ${JSON.stringify(body.status)} (${body.failed_check ?? "no failed_check"})`);
                }
            });
        });
    } finally {
        await synthetics.close();
    }
};
