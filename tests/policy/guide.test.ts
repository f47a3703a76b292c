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
        const named = n.item === undefined ? value : JSON.stringify([{ [n.item]: value }]);
        resources.push({ type: n.types[0], name: `r${i}`, props: { ...structuredClone(n.where ?? {}), [n.property]: named } });
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

const CPU_POLICY = "aws:appautoscaling/policy:Policy";
const BACKEND_ID = "service/expertconnect-prod-cluster/expertconnect-prod-backend";
/** Edits the first resource of `type` (whose resourceId, or else name, is `key`, when given). */
const retargeted = (type: string, fn: (p: Record<string, unknown>) => void, key?: string) => (s: StackResourceInput[]) => {
    fn(s.find(r => r.type === type && (key === undefined || r.props.resourceId === key || r.props.name === key))!.props);
};
const renamedContainer = (from: string, to: string) => retargeted("aws:ecs/taskDefinition:TaskDefinition", p => {
    p.containerDefinitions = JSON.stringify((JSON.parse(p.containerDefinitions as string) as { name: string }[]).map(c => c.name === from ? { ...c, name: to } : c));
});

describe("guide-names-present", () => {
    stackTable(guideNamesPresent, stackOf("prod"), {
        passes: {
            "a name not known yet (preview)": { change: renamed("expertconnect-prod-cluster", UNKNOWN as never) },
            "Config run by the organization, exempted": { change: s => { without("default")(s); without("default")(s); }, config: { exempt: ["default"] } },
            "the backend container beside a sidecar": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.containerDefinitions = JSON.stringify([{ name: "xray-daemon" }, { name: "backend" }]); }) },
            "container definitions not known yet (preview)": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.containerDefinitions = UNKNOWN; }) },
        },
        violations: {
            "the guide's CPU alarm renamed": { change: renamed("expertconnect-backend-cpu-high", "backend-cpu-high"), message: /expertconnect-backend-cpu-high/ },
            "the dashboard removed": { change: without("ExpertConnect-Dashboard"), message: /dashboardName is ExpertConnect-Dashboard/ },
            "the database identifier changed": { change: renamed("expertconnect-prod-db", "expertconnect-prod-postgres"), message: /identifier is expertconnect-prod-db/ },
            "the trail's bucket not the account's": { change: renamed(`expertconnect-cloudtrail-${ACCOUNT}`, "expertconnect-cloudtrail"), message: new RegExp(`expertconnect-cloudtrail-${ACCOUNT}`) },
            "settings moved out of the guide's path": { change: renamed("/expertconnect/prod/database-url", "/app/prod/database-url"), message: /under \/expertconnect\/prod\// },
            "the backend service renamed": { change: renamed("expertconnect-prod-backend", "backend"), message: /--services expertconnect-prod-backend/ },
            "the container the guide execs into renamed": { change: renamedContainer("backend", "api"), message: /--container backend/ },
            "the container left, in another task family": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.family = "expertconnect-prod-worker"; }), message: /--container backend/ },
            "the delivery channel renamed": { change: retargeted("aws:cfg/deliveryChannel:DeliveryChannel", p => { p.name = "org-channel"; }, "default"), message: /delivery-channel name=default/ },
            "the backend's CPU scaling policy renamed": { change: retargeted(CPU_POLICY, p => { p.name = "backend-cpu"; }, BACKEND_ID), message: /--policy-name cpu-tracking-scaling-policy --resource-id service\/expertconnect-prod-cluster\/expertconnect-prod-backend/ },
            "the backend's CPU scaling policy removed (the frontend's keeps the name)": { change: s => { s.splice(s.findIndex(r => r.type === CPU_POLICY && r.props.resourceId === BACKEND_ID), 1); }, message: /expertconnect-prod-backend/ },
            "the CPU-named policy tracks memory": { change: retargeted(CPU_POLICY, p => { p.targetTrackingScalingPolicyConfiguration = { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } }; }, BACKEND_ID), message: /ECSServiceAverageCPUUtilization/ },
            "one setting moved out of the guide's path beside others under it": { change: s => { s.push({ type: "aws:ssm/parameter:Parameter", name: "stray", props: { name: "/expertconnect/production/database/host" } }); }, message: /move stray under \/expertconnect\/prod\// },
            "the backend's scalable target removed": { change: s => { s.splice(s.findIndex(r => r.type === "aws:appautoscaling/target:Target" && r.props.resourceId === BACKEND_ID), 1); }, message: /register-scalable-target/ },
        },
    });
    stackTable(guideNamesPresent, stackOf("dr"), {
        config: { environment: "dr" },
        violations: {
            "dr's replica identifier changed": { change: renamed("expertconnect-dr-db", "expertconnect-dr-replica"), message: /expertconnect-dr-db/ },
        },
    });
});
