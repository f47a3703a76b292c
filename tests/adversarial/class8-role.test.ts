/** Class 8: production is a role: a promoted dr serves production and gets production's rules. */
import { Case, edit, ExportedResource, suite } from "./support";

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
const dr = (name: string, ...changes: ((rs: ExportedResource[]) => void)[]): Case => ({ name, stack: "dr", change: rs => changes.forEach(c => c(rs)) });

const violations: Case[] = [
    dr("promoted database without deletion protection", promoted("promoted", p => { p.deletionProtection = false; })),
    dr("promoted database skipping its final snapshot", promoted("promoted", p => { p.skipFinalSnapshot = true; delete p.finalSnapshotIdentifier; })),
    dr("promoted database single-AZ", promoted("promoted", p => { p.multiAz = false; })),
    dr("failback database without deletion protection", promoted("failback", p => { p.deletionProtection = false; })),
    dr("promote-phase database skipping the final snapshot", promoted("promote", p => { p.skipFinalSnapshot = true; delete p.finalSnapshotIdentifier; })),
    dr("stack output says promoted, database unprotected and untagged", stackPhase("promoted"), edit(DB, p => { delete p.replicateSourceDb; p.backupRetentionPeriod = 14; p.deletionProtection = false; })),
    dr("dr resource tagged Environment=prod without deletion protection", edit(DB, p => { p.tags = { ...p.tags, Environment: "prod" }; p.deletionProtection = false; })),
    dr("promoted database's tag spelled in another case (promoted → Promoted)", promoted("Promoted", p => { p.deletionProtection = false; })),
    dr("standalone empty database in dr while on standby", edit(DB, p => { delete p.replicateSourceDb; p.backupRetentionPeriod = 14; })),
];

const compliant: Case[] = [
    dr("standby replica as the program makes it (no change)", () => undefined),
    dr("promoted database with every production setting", promoted("promoted")),
    dr("promote-phase database still single-AZ (Multi-AZ follows)", promoted("promote", p => { p.multiAz = false; })),
    dr("promoted database whose stack output agrees", promoted("promoted"), stackPhase("promoted")),
];

suite("adversarial class 8: production is a role", violations, compliant);
