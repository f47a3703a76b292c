/** guide-names-present: the names the guide's commands use, per environment. */
import { guideNamesPresent } from "../../policy/guide/names";
import { GUIDE_NAMES } from "../../policy/lib/facts/guideNames";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

/** One resource per name the guide uses in `environment`, named as the guide names it. */
function stackOf(environment: "prod" | "dr"): StackResourceInput[] {
    const resources: StackResourceInput[] = [{ type: "aws:sns/topic:Topic", name: "arn-holder", props: { arn: `arn:aws:sns:us-east-1:${ACCOUNT}:other` } }];
    GUIDE_NAMES[environment].forEach((n, i) => {
        const value = n.value.replace("{account}", ACCOUNT) + (n.prefix ? "database-url" : "");
        resources.push({ type: n.types[0], name: `r${i}`, props: { [n.property]: value } });
    });
    return resources;
}

const without = (value: string) => (s: StackResourceInput[]) => {
    const i = s.findIndex(r => Object.values(r.props).some(v => typeof v === "string" && v.startsWith(value)));
    s.splice(i, 1);
};
const renamed = (from: string, to: string) => (s: StackResourceInput[]) => {
    for (const r of s) {
        for (const [k, v] of Object.entries(r.props)) {
            if (v === from) {
                r.props[k] = to;
            }
        }
    }
};

describe("guide-names-present", () => {
    stackTable(guideNamesPresent, stackOf("prod"), {
        passes: {
            "a name not known yet (preview)": { change: renamed("expertconnect-prod-cluster", UNKNOWN as never) },
            "Config run by the organization, exempted": { change: without("default"), config: { exempt: ["default"] } },
        },
        violations: {
            "the guide's CPU alarm renamed": { change: renamed("expertconnect-backend-cpu-high", "backend-cpu-high"), message: /expertconnect-backend-cpu-high/ },
            "the dashboard removed": { change: without("ExpertConnect-Dashboard"), message: /dashboardName is ExpertConnect-Dashboard/ },
            "the database identifier changed": { change: renamed("expertconnect-prod-db", "expertconnect-prod-postgres"), message: /identifier is expertconnect-prod-db/ },
            "the trail's bucket not the account's": { change: renamed(`expertconnect-cloudtrail-${ACCOUNT}`, "expertconnect-cloudtrail"), message: new RegExp(`expertconnect-cloudtrail-${ACCOUNT}`) },
            "settings moved out of the guide's path": { change: renamed("/expertconnect/prod/database-url", "/app/prod/database-url"), message: /under \/expertconnect\/prod\// },
            "the backend service renamed": { change: renamed("expertconnect-prod-backend", "backend"), message: /--services expertconnect-prod-backend/ },
        },
    });
    stackTable(guideNamesPresent, stackOf("dr"), {
        config: { environment: "dr" },
        violations: {
            "dr's replica identifier changed": { change: renamed("expertconnect-dr-db", "expertconnect-dr-replica"), message: /expertconnect-dr-db/ },
        },
    });
});
