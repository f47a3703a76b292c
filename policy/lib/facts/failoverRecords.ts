/**
 * The stack output listing a region's Route 53 failover records (index.ts `failoverRecords`,
 * components/dns/FailoverDns). Route 53 pairs a PRIMARY with a SECONDARY by zone, name and type,
 * and the two halves live in different stacks: the dr stack reads prod's list through its
 * StackReference (the Pulumi backend, never prod's region), so the pack can pair dr's SECONDARY
 * records with prod's PRIMARY ones as Route 53 will.
 */
export const FAILOVER_RECORDS_OUTPUT = "failoverRecords";

/** One failover record as the output lists it. */
export interface FailoverRecordSet {
    /** Hosted zone id. */
    zoneId: string;
    /** The record's name as written (compared case-insensitively, without the final dot). */
    name: string;
    /** Record type (A, AAAA …): Route 53 pairs each type on its own. */
    type: string;
    /** The record's set identifier (unique among the records of one name and type). */
    setIdentifier: string;
    role: "PRIMARY" | "SECONDARY";
}
