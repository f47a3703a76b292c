/** Class 8: production is a role: a promoted dr serves production and gets production's rules. */
import { add, Case, drServing, edit, ExportedResource, migrationGate, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const STACK = "pulumi:pulumi:Stack";

/** The dr database after promotion: no source any more, tagged with its failover phase. */
const promoted = (phase: string, change: (p: Record<string, any>) => void = () => undefined) => edit(DB, p => {
    delete p.replicateSourceDb;
    p.tags = { ...p.tags, FailoverPhase: phase };
    p.backupRetentionPeriod = 14;
    p.deletionProtection = true;
    p.skipFinalSnapshot = false;
    p.finalSnapshotIdentifier = "expertconnect-dr-db-final-snapshot";
    p.multiAz = true;
    change(p);
});
/** The stack's drPhase output says the failover has begun, nothing on the database says so. */
const stackPhase = (phase: string) => (rs: ExportedResource[]) => {
    const stack = rs.find(r => r.type === STACK)!;
    stack.outputs.drPhase = phase;
};
/** The load balancer answers the role probe as a serving region does (the program does so from the phase). */
const serving = edit("aws:lb/listenerRule:ListenerRule", p => {
    p.actions[0].fixedResponse = { ...p.actions[0].fixedResponse, statusCode: "200", messageBody: "serving" };
}, (r: ExportedResource) => r.urn.endsWith("::alb-role-probe"));
/** The services sized as the program sizes them in a serving phase (prod's bounds: min 1, max 5). */
const scaled = edit("aws:appautoscaling/target:Target", p => { p.minCapacity = Math.max(p.minCapacity ?? 0, 1); p.maxCapacity = Math.max(p.maxCapacity ?? 0, 5); });
const dr = (name: string, ...changes: ((rs: ExportedResource[]) => void)[]): Case => ({ name, stack: "dr", change: rs => changes.forEach(c => c(rs)) });

const violations: Case[] = [
    dr("promoted database without deletion protection", promoted("promoted", p => { p.deletionProtection = false; })),
    dr("promoted database skipping its final snapshot", promoted("promoted", p => { p.skipFinalSnapshot = true; delete p.finalSnapshotIdentifier; })),
    dr("promoted database single-AZ", promoted("promoted", p => { p.multiAz = false; })),
    dr("failback database without deletion protection", promoted("failback", p => { p.deletionProtection = false; })),
    dr("promote-phase database skipping the final snapshot", promoted("promote", p => { p.skipFinalSnapshot = true; delete p.finalSnapshotIdentifier; })),
    dr("stack output says promoted, database unprotected and untagged", stackPhase("promoted"), edit(DB, p => { delete p.replicateSourceDb; p.backupRetentionPeriod = 14; p.deletionProtection = false; })),
    dr("promoted database whose phase tag spells the environment instead (Environment=prod), unprotected", edit(DB, p => { delete p.replicateSourceDb; p.backupRetentionPeriod = 14; p.multiAz = true; p.tags = { ...p.tags, Environment: "prod", FailoverPhase: "promoted" }; p.deletionProtection = false; })),
    dr("a new Aurora cluster tagged Environment=prod without deletion protection or final snapshot", add("aws:rds/cluster:Cluster", "reports", { clusterIdentifier: "reports", engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/ca9fc6a2-55da-466a-a6e7-7f14dfa254be", backupRetentionPeriod: 14, deletionProtection: false, skipFinalSnapshot: true, iamDatabaseAuthenticationEnabled: true, enabledCloudwatchLogsExports: ["postgresql"], manageMasterUserPassword: true, masterUsername: "reports", tags: tags("reports", "prod") }, { protect: true })),
    dr("promoted database's tag spelled in another case (promoted → Promoted)", promoted("Promoted", p => { p.deletionProtection = false; })),
    dr("promoted stack whose services keep the standby's sizes (one task at most)", promoted("promoted"), stackPhase("promoted"), serving),
    dr("standalone empty database in dr while on standby", edit(DB, p => { delete p.replicateSourceDb; p.backupRetentionPeriod = 14; })),
];

const compliant: Case[] = [
    dr("standby replica as the program makes it (no change)", () => undefined),
    // A serving dr is the whole phase as the program renders it (support.ts drServing): the database alone would miss the role probe, sizes and migration gate the later rounds require.
    dr("promoted database with every production setting", drServing("promoted")),
    dr("promote-phase database still single-AZ (Multi-AZ follows)", drServing("promote"), edit(DB, p => { p.multiAz = false; })),
    dr("promoted database whose stack output agrees (and whose load balancer says it serves, its services sized to serve, its backend behind the migration gate)", promoted("promoted", p => { p.applyImmediately = true; }), stackPhase("promoted"), serving, scaled, migrationGate()),
];

suite("adversarial class 8: production is a role", violations, compliant);
