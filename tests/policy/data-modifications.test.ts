import { expect } from "chai";

import { dataModificationsInWindow } from "../../policy/generic/modificationsInWindow";
import {
    evaluateParameter, IMMEDIATE_CHANGE_PHASES, interruptingChanges, isStaticParameter, parameterProblems,
} from "../../policy/lib/facts/databaseModifications";
import { rdsParametersFitInstance } from "../../policy/rds/parametersFitInstance";
import { regionState } from "../../policy/lib/role";
import { phaseInstanceSettings } from "../../components/dr/phase";
import { named, resourceTable, stackTable } from "./support/cases";
import { databaseWithParameterGroup, PARAMETER_GROUP as GROUP, primaryDb, replicaDb, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const GIB = 1024 ** 3;

describe("databaseModifications facts", () => {
    it("evaluates RDS numbers, units and DBInstanceClassMemory formulas", () => {
        expect(evaluateParameter("{DBInstanceClassMemory/32768}", 4 * GIB)).to.equal(131072); // 8 kB pages: 1 GiB, 25 %
        expect(evaluateParameter("{DBInstanceClassMemory*3/32768}", 4 * GIB)).to.equal(393216);
        expect(evaluateParameter("LEAST({DBInstanceClassMemory/9531392},5000)", 4 * GIB)).to.equal(450);
        expect(evaluateParameter("GREATEST({DBInstanceClassMemory/9531392},5000)", 4 * GIB)).to.equal(5000);
        expect(evaluateParameter("SUM(10,20)", GIB)).to.equal(30);
        expect(evaluateParameter("2GB", GIB, 8192)).to.equal(262144);
        expect(evaluateParameter("64MB", GIB, 1024)).to.equal(65536);
        expect(evaluateParameter("IF(x)", GIB)).to.equal(undefined);
    });
    it("knows static parameters case-insensitively", () => {
        expect(isStaticParameter("Shared_Buffers")).to.equal(true);
        expect(isStaticParameter("work_mem")).to.equal(false);
    });
    it("ApplyImmediately pulls in the interrupting window changes, not the harmless ones", () => {
        const pulled = Object.keys(interruptingChanges("rds"));
        expect(pulled).to.include.members(["engineVersion", "instanceClass", "caCertIdentifier", "storageType", "dbSubnetGroupName"]);
        for (const quiet of ["multiAz", "allocatedStorage", "port"]) expect(pulled).not.to.include(quiet);
        expect(Object.keys(interruptingChanges("cache"))).to.have.members(["engineVersion", "nodeType"]);
    });
    it("RDS's default parameters pass on every class from 1 GiB", () => {
        for (const gib of [1, 2, 4, 8, 16, 64, 512]) {
            expect(parameterProblems([{ name: "shared_buffers", value: "{DBInstanceClassMemory/32768}", applyMethod: "pending-reboot" }], gib * GIB)).to.deep.equal([]);
        }
    });
    it("the program's phases apply immediately exactly where the facts say", () => {
        const own = { backupRetentionDays: 14, backupWindow: "03:00-04:00", multiAz: true, finalSnapshotIdentifier: "f" };
        const base = { multiAz: false, deletionProtection: true, skipFinalSnapshot: true };
        for (const phase of ["standby", "promote", "promoted", "failback"] as const) {
            expect(phaseInstanceSettings(phase, own)(base).applyImmediately === true, phase).to.equal(IMMEDIATE_CHANGE_PHASES.includes(phase));
        }
    });
});

const cache = {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    name: "cache",
    props: { replicationGroupId: "expertconnect-prod-cache", engine: "valkey", nodeType: "cache.t4g.small", numCacheClusters: 2, tags: TAGS },
};
/** The dr database as a failover phase leaves it. */
const drPhase = (phase: string, applyImmediately?: boolean) => (r: typeof primaryDb) => {
    r.props.identifier = "expertconnect-dr-db";
    r.props.tags = { ...TAGS, Environment: "dr", FailoverPhase: phase };
    if (applyImmediately !== undefined) r.props.applyImmediately = applyImmediately;
};
const inDr = { config: { environment: "dr" } };

describe("data-modifications-in-window", () => {
    resourceTable(dataModificationsInWindow, primaryDb, {
        passes: {
            "applyImmediately false": { change: r => { r.props.applyImmediately = false; } },
            "an incident fix listed in immediateChangesAllowed": { change: r => { r.props.applyImmediately = true; }, config: { immediateChangesAllowed: ["expertconnect-prod-db"] } },
            "dr promoted: Multi-AZ applied immediately": { ...inDr, change: drPhase("promoted", true) },
            "dr failback keeps applyImmediately (fenced, no user served)": { ...inDr, change: drPhase("failback", true) },
            "dr promoted without Multi-AZ asks nothing to apply now (rds-multi-az judges it)": { ...inDr, change: r => { drPhase("promoted")(r); r.props.multiAz = false; } },
            "applyImmediately unknown during preview": { change: r => { r.props.applyImmediately = UNKNOWN; } },
        },
        violations: {
            "prod applies immediately": { change: r => { r.props.applyImmediately = true; }, message: /applyImmediately is true on expertconnect-prod-db serving production .*engineVersion .*instanceClass .*caCertIdentifier/ },
            "prod applies a major upgrade immediately": { change: r => { r.props.engineVersion = "17"; r.props.applyImmediately = true; }, message: /primary and the standby at once/ },
            "another store is listed, not this one": { change: r => { r.props.applyImmediately = true; }, config: { immediateChangesAllowed: ["expertconnect-dr-db"] }, message: /applyImmediately is true/ },
            "a dr database tagged Environment=prod applies immediately": { ...inDr, change: r => { r.props.applyImmediately = true; }, message: /Environment=prod/ },
            "dr promoted: Multi-AZ left to the window": { ...inDr, change: drPhase("promoted", false), message: /FailoverPhase=promoted with multiAz true but applyImmediately not true/ },
            "dr promoted: applyImmediately unset": { ...inDr, change: drPhase("promoted"), message: /queues the Multi-AZ conversion/ },
            "dr promote (serving, no Multi-AZ yet) applies immediately": { ...inDr, change: drPhase("promote", true), message: /FailoverPhase=promote\)/ },
        },
        notApplicable: {
            "the dr replica on standby applies immediately": { ...inDr, change: r => { Object.assign(r, structuredClone(replicaDb)); r.props.applyImmediately = true; } },
        },
    });
    resourceTable(dataModificationsInWindow, cache, {
        notApplicable: { "the dr cache applies immediately (dr does not serve)": { ...inDr, change: r => { r.props.tags = { ...TAGS, Environment: "dr" }; r.props.applyImmediately = true; } } },
        violations: {
            "the prod cache applies immediately": { change: r => { r.props.applyImmediately = true; }, message: /expertconnect-prod-cache .*nodeType/ },
            "the dr cache tagged promote (taking prod's traffic) applies immediately": {
                ...inDr, change: r => { r.props.replicationGroupId = "expertconnect-dr-cache"; r.props.tags = { ...TAGS, Environment: "dr", FailoverPhase: "promote" }; r.props.applyImmediately = true; },
                message: /expertconnect-dr-cache serving production .*FailoverPhase=promote\)/,
            },
        },
    });
});

describe("rds-parameters-fit-instance", () => {
    const stack = databaseWithParameterGroup();
    named(stack, "database").props.engineVersion = "16";
    const group = (s: StackResourceInput[]) => named(s, "database-params");
    const add = (name: string, value: string, applyMethod = "pending-reboot") => (s: StackResourceInput[]) => {
        group(s).props.parameters = [...(group(s).props.parameters as object[]), { name, value, applyMethod }];
    };
    const database = (s: StackResourceInput[]) => named(s, "database");
    const both = (...fs: Array<(s: StackResourceInput[]) => void>) => (s: StackResourceInput[]) => fs.forEach(f => f(s));
    stackTable(rdsParametersFitInstance, stack, {
        passes: {
            "RDS's default shared_buffers formula": { change: add("shared_buffers", "{DBInstanceClassMemory/32768}") },
            "shared_buffers at 40 % of db.t3.medium in MB": { change: add("shared_buffers", "1638MB") },
            "max_connections raised to 500 on db.t3.medium": { change: add("max_connections", "500") },
            "max_connections as RDS's formula": { change: add("max_connections", "LEAST({DBInstanceClassMemory/9531392},5000)") },
            "work_mem 64MB (dynamic, applied immediately)": { change: add("work_mem", "65536", "immediate") },
            "maintenance_work_mem 1GB on db.t3.medium": { change: add("maintenance_work_mem", "1GB", "immediate") },
            "effective_cache_size above the memory (a planner estimate, allocates nothing)": { change: add("effective_cache_size", "16GB", "immediate") },
            "a larger class carries a larger shared_buffers": { change: both(add("shared_buffers", "4GB"), s => { database(s).props.instanceClass = "db.r6g.large"; }) },
            "a dynamic parameter set pending-reboot": { change: add("work_mem", "8MB") },
            "a read replica (no engine version of its own)": { change: s => { database(s).props = { ...structuredClone(replicaDb.props), parameterGroupName: GROUP }; } },
            "the major upgrade with the group of its family": { change: s => { database(s).props.engineVersion = "17"; group(s).props.family = "postgres17"; } },
            "parameters unknown during preview": { change: s => { group(s).props.parameters = UNKNOWN; } },
            "an unknown class: a literal size can't be judged": { change: both(add("shared_buffers", "64GB"), s => { database(s).props.instanceClass = "db.z1d.large"; }) },
        },
        violations: {
            "shared_buffers twice the memory (formula)": { change: add("shared_buffers", "{DBInstanceClassMemory/4096}"), message: /shared_buffers is \{DBInstanceClassMemory\/4096\} \(8\.00 GiB\), not below the instance's 4\.00 GiB .*incompatible-parameters/ },
            "shared_buffers in 8 kB pages over the memory": { change: add("shared_buffers", "600000"), message: /shared_buffers is 600000 \(4\.58 GiB\)/ },
            "shared_buffers 6GB on db.t3.medium": { change: add("shared_buffers", "6GB"), message: /shared_buffers is 6GB/ },
            "a class shrunk under the group's shared_buffers": { change: both(add("shared_buffers", "3GB"), s => { database(s).props.instanceClass = "db.t3.small"; }), message: /db\.t3\.small.*shared_buffers is 3GB/ },
            "an unknown class still fails a formula over its own memory": { change: both(add("shared_buffers", "{DBInstanceClassMemory/4096}"), s => { database(s).props.instanceClass = "db.z1d.large"; }), message: /shared_buffers is \{DBInstanceClassMemory\/4096\}, 200 % of the instance's memory/ },
            "max_connections 10": { change: add("max_connections", "10"), message: /max_connections is 10 \(10 connections\), below 100/ },
            "max_connections below a configured floor": { change: add("max_connections", "150"), config: { minimumMaxConnections: 200 }, message: /below 200/ },
            "max_connections by a formula below the floor": { change: add("max_connections", "{DBInstanceClassMemory/95313920}"), message: /\(45 connections\), below 100/ },
            "work_mem 4GB on db.t3.medium": { change: add("work_mem", "4GB", "immediate"), message: /work_mem is 4GB \(4\.00 GiB\), not below the 3\.00 GiB shared_buffers leaves/ },
            "maintenance_work_mem beside a large shared_buffers": { change: both(add("shared_buffers", "3GB"), add("maintenance_work_mem", "1GB", "immediate")), message: /maintenance_work_mem is 1GB \(1\.00 GiB\), not below the 1\.00 GiB/ },
            "a static parameter applied immediately": { change: add("max_connections", "200", "immediate"), message: /max_connections is a static parameter with applyMethod immediate/ },
            "an unused group with a static parameter applied immediately": { change: s => { database(s).props.parameterGroupName = "another"; database(s).propertyDependencies = {}; add("shared_buffers", "1GB", "immediate")(s); }, message: /parameter group database-params: shared_buffers is a static parameter/ },
            "engine 17 with a postgres16 group": { change: s => { database(s).props.engineVersion = "17"; }, message: /family is postgres16 but database runs PostgreSQL 17/ },
            "engine 16.4 with a postgres15 group": { change: s => { database(s).props.engineVersion = "16.4"; group(s).props.family = "postgres15"; }, message: /postgres15 but database runs PostgreSQL 16/ },
        },
    });
});

describe("regionState: dr's phase is its database's", () => {
    const stack = (drPhase: string, dbPhase?: string) => [
        { type: "pulumi:pulumi:Stack", name: "dr", props: { drPhase } },
        { type: "aws:rds/instance:Instance", name: "database", props: { tags: dbPhase ? { FailoverPhase: dbPhase } : {} } },
    ] as unknown as Parameters<typeof regionState>[2];
    it("a promoted database serves although the stack output still says standby", () => {
        expect(regionState("dr", false, stack("standby", "promoted"))).to.deep.equal({ serves: true, fenced: false, phase: "promoted" });
    });
    it("a database in failback does not serve although the output says promoted", () => {
        expect(regionState("dr", false, stack("promoted", "failback"))).to.deep.equal({ serves: false, fenced: true, phase: "failback" });
    });
    it("without a tag on the database the stack output decides", () => {
        expect(regionState("dr", false, stack("promote"))).to.deep.equal({ serves: true, fenced: false, phase: "promote" });
    });
});
