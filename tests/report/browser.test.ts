/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core
 * (which uses the system browser and downloads none). Both stacks' shared previews give the
 * exports, a violation is planted in prod's, and `analyze --html` writes the page under test.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Browser, chromium, Page } from "playwright-core";
import { engine, readJsonFile, tempDir } from "../engine/engine";
import { stackPreviewAsync } from "../support/stackPreview";

/** Where Debian's package installs Chromium; CHROMIUM_PATH overrides it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROOT = path.resolve(__dirname, "..", "..");
/** Screenshots land here (ignored by git) for a person or CI to look at. */
const OUTPUT = path.join(ROOT, "test-output");

const PLANTED = "urn:pulumi:prod::expertconnect-infra::expertconnect:data:Database$aws:rds/instance:Instance::database";
const CROSS_REGION = ["database replica", "static replication", "backup copy", "image replication"];

interface Export { deployment: { resources: { urn: string; type: string; parent?: string; inputs: any; outputs: any }[] } }

/** Top-level components of an export: what the page must show per stack. */
function components(file: string): string[] {
    const resources = readJsonFile<Export>(file).deployment.resources;
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
    return resources.filter((r) => r.parent === root && r.type.startsWith("expertconnect:")).map((r) => r.urn.split("::").pop()!);
}

describe("HTML report in Chromium", function () {
    this.timeout(300_000);
    let dir: string;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    before(async () => {
        expect(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`).to.equal(true);
        dir = tempDir();
        // Both stacks' shared previews, written where `npm run preview -- --export stack.json` writes them.
        const runs = { prod: stackPreviewAsync("prod"), dr: stackPreviewAsync("dr") };
        for (const [stack, pending] of Object.entries(runs)) {
            const run = await pending;
            expect(run.code, run.stderr).to.equal(0);
            fs.writeFileSync(path.join(dir, `stack.${stack}.json`), JSON.stringify(run.deployment));
        }
        const prod = readJsonFile<Export>(path.join(dir, "stack.prod.json"));
        const db = prod.deployment.resources.find((r) => r.urn === PLANTED)!;
        db.inputs.publiclyAccessible = true;
        db.outputs.publiclyAccessible = true;
        fs.writeFileSync(path.join(dir, "planted.prod.json"), JSON.stringify(prod));
        const analyze = engine(["analyze", "--file", path.join(dir, "planted.prod.json"), "--file", path.join(dir, "stack.dr.json"),
            "--html", path.join(dir, "report.html")]);
        expect(analyze.code, analyze.stderr).to.equal(1);
        expect(analyze.stdout).to.contain("rds-not-publicly-accessible");

        browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
        page = await browser.newPage({ viewport: { width: 3200, height: 1600 } });
        page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") { problems.push(`${m.type()}: ${m.text()}`); } });
        page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
        page.on("request", (r) => { if (!/^(file|data):/.test(r.url())) { problems.push(`network request: ${r.url()}`); } });
        await page.goto(`file://${path.join(dir, "report.html")}`);
        await page.waitForSelector("body[data-ready], body[data-error]", { timeout: 120_000 });
    });

    after(async () => {
        await browser?.close();
    });

    it("lays out without console errors or network requests", async () => {
        expect(await page.getAttribute("body", "data-error")).to.equal(null);
        expect(problems).to.deep.equal([]);
    });

    it("shows every component of both stacks, side by side", async () => {
        for (const [stack, file] of [["prod", "planted.prod.json"], ["dr", "stack.dr.json"]]) {
            const figure = page.locator(`figure[data-stack="${stack}"]`);
            expect(await figure.isVisible(), stack).to.equal(true);
            for (const name of components(path.join(dir, file))) {
                const group = figure.locator(`g.component[data-node^="${stack}/"][data-node$="/${name}"]`);
                expect(await group.count(), `${stack} component ${name}`).to.be.greaterThan(0);
            }
        }
        const prodBox = (await page.locator('figure[data-stack="prod"]').boundingBox())!;
        const drBox = (await page.locator('figure[data-stack="dr"]').boundingBox())!;
        expect(drBox.x, "dr is drawn to the right of prod").to.be.greaterThan(prodBox.x + prodBox.width);
    });

    it("draws each cross-region link between two drawn nodes", async () => {
        for (const label of CROSS_REGION) {
            const link = page.locator(`#overlay .cross-link[data-link="${label}"]`);
            expect(await link.count(), label).to.be.greaterThan(0);
            const from = await link.first().getAttribute("data-from");
            const to = await link.first().getAttribute("data-to");
            expect(await page.locator(`#stacks [data-node="${from}"]`).count(), `${label} source`).to.equal(1);
            expect(await page.locator(`#stacks [data-node="${to}"]`).count(), `${label} target`).to.equal(1);
        }
        const replica = page.locator('#overlay .cross-link[data-link="database replica"]').first();
        expect(await replica.getAttribute("data-from")).to.match(/^prod\//);
        expect(await replica.getAttribute("data-to")).to.match(/^dr\//);
    });

    it("marks the planted violation on its node and explains it on click", async () => {
        const node = page.locator('#stacks g.node[data-node="prod/us-east-1/database/aws_rds_instance_Instance_database"]');
        expect(await node.getAttribute("class")).to.contain("st-mandatory");
        expect(await node.getAttribute("aria-label")).to.contain("mandatory violation");
        await node.click();
        const details = page.locator("#details");
        expect(await details.isVisible()).to.equal(true);
        const text = await details.innerText();
        expect(text).to.contain("rds-not-publicly-accessible");
        expect(text).to.contain("Remediation");
        expect(text).to.contain("publiclyAccessible");
        const untouched = page.locator('#stacks g.node[data-node^="dr/us-west-2/"][data-node$="/aws_rds_instance_Instance_database"]');
        expect(await untouched.getAttribute("class")).to.contain("st-ok");
    });

    it("opens a node's details from the keyboard", async () => {
        await page.keyboard.press("Escape");
        await page.locator('#stacks g.node[data-node^="dr/"]').first().focus();
        expect(await page.locator("#details").isVisible()).to.equal(true);
    });

    it("keeps a text view of every node and link, and prints without the drawer", async () => {
        const ids = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute("data-node")!));
        const rows = new Set(await ids("#text table.nodes tbody tr"));
        const drawn = new Set(await ids("#stacks g[data-node]"));
        expect([...rows].filter((id) => !drawn.has(id)), "rows without a drawn node").to.deep.equal([]);
        expect((await ids("#stacks g.node:not(.component)")).filter((id) => !rows.has(id)), "nodes without a row").to.deep.equal([]);
        expect(await page.locator('#text tr.st-mandatory:has-text("database")').count()).to.be.greaterThan(0);
        expect(await page.locator("#text table.links tbody tr").count()).to.equal(await page.locator("#overlay .cross-link").count());
        await page.emulateMedia({ media: "print" });
        expect(await page.locator("#details").isVisible()).to.equal(false);
        expect(await page.locator("#stacks").isVisible()).to.equal(true);
        await page.emulateMedia({ media: "screen" });
    });

    it("saves a screenshot", async () => {
        fs.mkdirSync(OUTPUT, { recursive: true });
        const file = path.join(OUTPUT, "report.png");
        await page.keyboard.press("Escape");
        await page.locator("#diagram").screenshot({ path: file });
        expect(fs.statSync(file).size).to.be.greaterThan(50_000);
    });
});
