/**
 * The write-only twins the secrets policy judges (policy/secrets/writeOnlyTwins.ts) are generated
 * from the installed provider's types: regenerating them must give the committed module, so an
 * upgrade of @pulumi/aws that adds or drops a twin fails here until the module is regenerated.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

describe("write-only twins", function () {
    this.timeout(60_000);

    it("match the installed provider's type declarations", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "twins-")), "writeOnlyTwins.ts");
        execFileSync(process.execPath, [path.join(ROOT, "tools", "writeOnlyTwins.js"), out], { stdio: "ignore" });
        expect(fs.readFileSync(out, "utf8")).to.equal(fs.readFileSync(path.join(ROOT, "policy", "secrets", "writeOnlyTwins.ts"), "utf8"));
    });

    it("include the inputs the stacks' own secrets use (a database password, a cache AUTH token)", async () => {
        const { WRITE_ONLY_TWINS } = await import("../../policy/secrets/writeOnlyTwins");
        expect(WRITE_ONLY_TWINS["aws:rds/instance:Instance"]).to.include("password");
        expect(WRITE_ONLY_TWINS["aws:elasticache/replicationGroup:ReplicationGroup"]).to.include("authToken");
    });
});
