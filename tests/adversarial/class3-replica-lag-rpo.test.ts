/**
 * Class 3: the dr replica's lag alarm removed or loosened past the recovery point objective.
 * The RPO is stack config (expertconnect:dr.rpoSeconds); the pack's rpoSeconds mirrors it (the
 * engine refuses a policy config that disagrees), and one ReplicaLag alarm must page within it.
 */
import { Case, drift, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LAG_HIGH = named("dr-expertconnect-db-replica-lag-high");
const STALLED = named("dr-expertconnect-db-replica-stalled");

const violations: Case[] = [
    { name: "the replica-lag-high alarm removed (the stalled alarm allows an idle source's 300 s more)", stack: "dr", change: remove(ALARM, LAG_HIGH) },
    { name: "the lag alarm's threshold raised to 50 minutes", stack: "dr", change: edit(ALARM, p => { p.threshold = 3000; }, LAG_HIGH) },
    { name: "drift: the lag alarm's threshold raised to 2 minutes (RPO 60 s)", stack: "dr", change: drift(ALARM, p => { p.threshold = 120; }, LAG_HIGH) },
    { name: "the stalled alarm's threshold raised to a day", stack: "dr", change: edit(ALARM, p => { p.threshold = 86400; }, STALLED) },
];

const compliant: Case[] = [
    { name: "the lag alarm pages from 30 s", stack: "dr", change: edit(ALARM, p => { p.threshold = 30; }, LAG_HIGH) },
    { name: "the stalled alarm pages earlier (200 s)", stack: "dr", change: edit(ALARM, p => { p.threshold = 200; }, STALLED) },
];

suite("class 3: dr replica lag within the RPO", violations, compliant);
