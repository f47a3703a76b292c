import { expect } from "chai";

import { dataWindowsOffPeak } from "../../policy/generic/offPeakWindows";
import { businessWindows, overlapsAny, parseWindow } from "../../policy/lib/facts/windows";
import { resourceTable } from "./support/cases";
import { changed } from "./support/expect";
import { primaryDb, replicaDb } from "./support/fixtures";
import { UNKNOWN } from "./support/harness";

/** Prod's database as the program sends it: backups 03:00-04:00 daily, maintenance Sunday 04:30-05:30. */
const database = changed(primaryDb, r => { r.props.backupWindow = "03:00-04:00"; r.props.maintenanceWindow = "sun:04:30-sun:05:30"; });
/** Prod's cache: snapshots 05:00-06:00 daily, maintenance Sunday 06:30-07:30. */
const cache = {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    name: "cache",
    props: { replicationGroupId: "expertconnect-prod-cache", snapshotRetentionLimit: 7, snapshotWindow: "05:00-06:00", maintenanceWindow: "sun:06:30-sun:07:30" },
};

describe("data-windows-off-peak", () => {
    describe("the weekly clock", () => {
        const weekdays = businessWindows(8, 20, "weekdays");
        const cases: Array<[string, string, "daily" | "weekly", boolean]> = [
            ["a night backup window", "03:00-04:00", "daily", false],
            ["a backup window ending as the day starts", "07:30-08:00", "daily", false],
            ["a backup window starting as the day ends", "20:00-20:30", "daily", false],
            ["a backup window one minute into the day", "07:30-08:01", "daily", true],
            ["a backup window across midnight", "23:30-00:30", "daily", false],
            ["an afternoon backup window", "15:00-16:00", "daily", true],
            ["Saturday afternoon maintenance", "sat:15:00-sat:16:00", "weekly", false],
            ["Wednesday afternoon maintenance", "wed:15:00-wed:16:00", "weekly", true],
            ["maintenance from Sunday night into Monday morning", "sun:23:00-mon:09:00", "weekly", true],
            ["maintenance in capitals, as some outputs give it", "WED:15:00-WED:16:00", "weekly", true],
        ];
        for (const [title, text, kind, peak] of cases) {
            it(`${title} (${text}) ${peak ? "falls in" : "stays out of"} the business day`, () => {
                expect(overlapsAny(parseWindow(text, kind)!, kind, weekdays)).to.equal(peak);
            });
        }
        it("a business day of every day takes Saturday too", () => {
            expect(overlapsAny(parseWindow("sat:15:00-sat:16:00", "weekly")!, "weekly", businessWindows(8, 20, "everyday"))).to.equal(true);
        });
    });

    resourceTable(dataWindowsOffPeak, database, {
        passes: {
            "maintenance moved to Saturday 05:00": { change: r => { r.props.maintenanceWindow = "sat:05:00-sat:06:00"; } },
            "backups moved to 22:00-22:30": { change: r => { r.props.backupWindow = "22:00-22:30"; } },
            "a business day moved to 10-22 with maintenance at 09:00 Wednesday": { config: { businessStartHourUtc: 10, businessEndHourUtc: 22 }, change: r => { r.props.maintenanceWindow = "wed:09:00-wed:09:30"; } },
            "a replica without backups leaves its backup window unset": { change: r => { Object.assign(r, structuredClone(replicaDb)); r.props.maintenanceWindow = "sun:04:30-sun:05:30"; } },
            "a window unknown during preview": { change: r => { r.props.backupWindow = UNKNOWN; } },
        },
        violations: {
            "maintenance in US business hours": { change: r => { r.props.maintenanceWindow = "wed:15:00-wed:16:00"; }, message: /maintenanceWindow "wed:15:00-wed:16:00" falls in the business day \(08:00-20:00 UTC, weekdays\)/ },
            "backups in peak hours": { change: r => { r.props.backupWindow = "15:00-16:00"; }, message: /backupWindow "15:00-16:00" falls in the business day/ },
            "backups overlapping maintenance": { change: r => { r.props.backupWindow = "04:00-05:00"; }, message: /backupWindow "04:00-05:00" overlaps maintenanceWindow "sun:04:30-sun:05:30"/ },
            "maintenance window left to AWS": { change: r => delete r.props.maintenanceWindow, message: /maintenanceWindow is not set: AWS picks/ },
            "backup window left to AWS": { change: r => delete r.props.backupWindow, message: /backupWindow is not set/ },
            "Saturday maintenance where every day is a business day": { config: { businessDays: "everyday" }, change: r => { r.props.maintenanceWindow = "sat:15:00-sat:16:00"; }, message: /everyday/ },
            "an Aurora cluster backing up in peak hours": {
                change: r => { r.type = "aws:rds/cluster:Cluster"; r.props = { preferredBackupWindow: "12:00-13:00", preferredMaintenanceWindow: "sun:04:30-sun:05:30" }; },
                message: /preferredBackupWindow "12:00-13:00" falls in the business day/,
            },
        },
    });

    resourceTable(dataWindowsOffPeak, cache, {
        passes: {
            "snapshots off: the snapshot window does not run": { change: r => { r.props.snapshotRetentionLimit = 0; r.props.snapshotWindow = "12:00-13:00"; } },
        },
        violations: {
            "cache maintenance in peak hours": { change: r => { r.props.maintenanceWindow = "wed:15:00-wed:16:00"; }, message: /maintenanceWindow "wed:15:00-wed:16:00" falls in the business day/ },
            "cache snapshots in peak hours": { change: r => { r.props.snapshotWindow = "09:00-10:00"; }, message: /snapshotWindow "09:00-10:00" falls in the business day/ },
            "cache snapshots overlapping maintenance": { change: r => { r.props.snapshotWindow = "06:00-07:00"; }, message: /overlaps maintenanceWindow/ },
            "a cache cluster on its own with maintenance on Monday morning": {
                change: r => { r.type = "aws:elasticache/cluster:Cluster"; r.props = { clusterId: "sessions", maintenanceWindow: "mon:10:00-mon:11:00" }; },
                message: /maintenanceWindow "mon:10:00-mon:11:00" falls in the business day/,
            },
        },
    });
});
