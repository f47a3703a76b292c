import { expect } from "chai";
import { metricAlarmArgs } from "../../../components/monitoring/alarms/definition";
import { AppSignals } from "../../../components/monitoring/AppSignals";
import { AppAlarmSettings, appAlarms, businessHoursCondition } from "../../../components/monitoring/signals/appAlarms";
import { contractFieldNames, CREDIT_OUTCOMES, LOG_EVENTS, logEvent, VIDEO_OUTCOMES } from "../../../policy/lib/facts/appLogContract";
import { AppMetricFilter, appMetricFilters, APP_METRICS_NAMESPACE, filterFor } from "../../../components/monitoring/signals/metricFilters";
import { appSignalWidgets } from "../../../components/monitoring/signals/widgets";
import { matchesEvent, parseFilterPattern, selectorsOf } from "../../../policy/lib/filterPattern";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

const SETTINGS: AppAlarmSettings = {
    failedCreditTransactions: 5,
    noSuccessfulCreditMinutes: 60,
    businessHours: { startHourUtc: 8, endHourUtc: 20, days: "weekdays" },
    videoFailureRatePercent: 10,
};

/** The contract's example line of `event`, with `changes` applied: what the backend writes. */
function sampleLine(event: string, changes: Record<string, string | number> = {}): string {
    return JSON.stringify({ ...logEvent(event).example, ...changes });
}

/** What CloudWatch Logs publishes for one line: the filter's value, or nothing when it does not match. */
function published(filter: AppMetricFilter, line: string): number | undefined {
    if (!matchesEvent(parseFilterPattern(filter.pattern), line)) {
        return undefined;
    }
    if (filter.value.startsWith("$.")) {
        const value = JSON.parse(line)[filter.value.slice(2)];
        return typeof value === "number" ? value : undefined;
    }
    return Number(filter.value);
}

describe("log contract", () => {
    it("gives every event an example line with every common and own field, of the declared type", () => {
        const common = ["timestamp", "level", "service", "logger", "event", "message", "request_id"];
        for (const e of LOG_EVENTS) {
            for (const f of [...common.map((name) => ({ name, type: "string" as const })), ...e.fields]) {
                expect(e.example, `${e.name}.${f.name}`).to.have.property(f.name);
                expect(typeof e.example[f.name], `${e.name}.${f.name}`).to.equal(f.type);
            }
            expect(e.example.event).to.equal(e.name);
            expect(sampleLine(e.name)).to.not.include("\n");
        }
    });

    it("refuses an event name it does not have", () => {
        expect(() => logEvent("payment")).to.throw(/no event "payment"; events: http_request/);
    });
});

describe("application metric filters", () => {
    const filters = appMetricFilters();

    it("publish into the ExpertConnect namespace, one metric per filter", () => {
        expect(APP_METRICS_NAMESPACE).to.equal("ExpertConnect");
        const names = filters.map((f) => f.metricName);
        expect(names).to.deep.equal([...new Set(names)]);
        expect(names).to.include.members(["ActiveUsers", "OngoingMeetings", "CreditTransactionsSucceeded", "CreditTransactionsDeclined",
            "CreditTransactionsFailed", "VideoSessionsStarted", "VideoSessionsFailed"]);
    });

    it("read only fields of the log contract", () => {
        const fields = contractFieldNames();
        for (const f of filters) {
            for (const selector of [...selectorsOf(parseFilterPattern(f.pattern)), ...(f.value.startsWith("$.") ? [f.value] : [])]) {
                expect(fields.has(selector.slice(2)), `${f.metricName}: ${selector}`).to.equal(true);
            }
        }
    });

    it("publish the activity figures of a snapshot line as gauges", () => {
        expect(published(filterFor("ActiveUsers"), sampleLine("activity_snapshot", { active_users: 311 }))).to.equal(311);
        expect(published(filterFor("OngoingMeetings"), sampleLine("activity_snapshot", { ongoing_meetings: 0 }))).to.equal(0);
        expect(filterFor("ActiveUsers").statistic).to.equal("Maximum");
        expect(filterFor("ActiveUsers").defaultValue).to.equal(undefined);
    });

    for (const [event, outcomes, noun] of [["credit_transaction", CREDIT_OUTCOMES, "CreditTransactions"], ["video_session", VIDEO_OUTCOMES, "VideoSessions"]] as const) {
        for (const outcome of outcomes) {
            it(`count a ${event} line with outcome ${outcome} in its own metric only`, () => {
                const line = sampleLine(event, { outcome });
                const hits = filters.filter((f) => published(f, line) !== undefined).map((f) => f.metricName);
                expect(hits).to.deep.equal([`${noun}${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}`]);
                expect(filterFor(hits[0]).defaultValue).to.equal(0);
            });
        }
    }

    it("ignore request lines, free-form lines and lines that are not JSON", () => {
        for (const line of [sampleLine("http_request"), JSON.stringify({ event: "log", level: "ERROR", message: "credit_transaction failed" }),
            "ERROR credit_transaction outcome=failed", JSON.stringify({ event: "credit_transaction", outcome: "FAILED" })]) {
            expect(filters.filter((f) => published(f, line) !== undefined).map((f) => f.metricName), line).to.deep.equal([]);
        }
    });
});

describe("application alarms", () => {
    const alarms = appAlarms("expertconnect", SETTINGS);
    const metricsOf = (a: ReturnType<typeof appAlarms>[number]) => ("expression" in a.metric ? Object.values(a.metric.metrics) : [a.metric]);

    it("each watch metrics a filter publishes, and a sample line produces each", () => {
        for (const alarm of alarms) {
            for (const m of metricsOf(alarm)) {
                expect(m.namespace).to.equal(APP_METRICS_NAMESPACE);
                const filter = filterFor(m.metricName);
                expect(m.statistic, alarm.name).to.equal(filter.statistic);
                const outcome = filter.metricName.replace(/^(CreditTransactions|VideoSessions)/, "").toLowerCase();
                expect(published(filter, sampleLine(filter.event, { outcome })), `${alarm.name} ← ${filter.metricName}`).to.equal(1);
            }
        }
    });

    it("page on 5 failed credit transactions in 5 minutes", () => {
        const failed = alarms.find((a) => a.name === "expertconnect-credit-transactions-failed")!;
        expect(failed).to.deep.include({ threshold: 5, comparison: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching" });
        expect(failed.window).to.deep.equal({ period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 });
    });

    it("page when no credit transaction succeeded for the whole window, inside business hours only", () => {
        const quiet = alarms.find((a) => a.name === "expertconnect-credit-transactions-none-succeeded")!;
        expect(quiet.window).to.deep.equal({ period: 300, evaluationPeriods: 12, datapointsToAlarm: 12 });
        expect(quiet).to.deep.include({ threshold: 1, comparison: "LessThanThreshold" });
        expect("expression" in quiet.metric && quiet.metric.expression)
            .to.equal("IF(HOUR(succeeded) >= 8 AND HOUR(succeeded) < 20 AND DAY(succeeded) <= 5, succeeded, 1)");
    });

    it("page on a video failure rate above the threshold, only with enough attempts", () => {
        const rate = alarms.find((a) => a.name === "expertconnect-video-sessions-failure-rate-high")!;
        expect("expression" in rate.metric && rate.metric.expression).to.equal("IF(failed + started >= 5, 100 * failed / (failed + started), 0)");
        expect(rate).to.deep.include({ threshold: 10, comparison: "GreaterThanThreshold" });
    });

    it("write business hours for every day without a day condition", () => {
        expect(businessHoursCondition("s", { startHourUtc: 0, endHourUtc: 24, days: "everyday" })).to.equal("HOUR(s) >= 0 AND HOUR(s) < 24");
    });

    for (const [hours, title] of [[{ startHourUtc: 20, endHourUtc: 8 }, "ending before they start"], [{ startHourUtc: 8, endHourUtc: 25 }, "past 24"], [{ startHourUtc: 8.5, endHourUtc: 20 }, "at a half hour"]] as const) {
        it(`refuse business hours ${title}`, () => {
            expect(() => businessHoursCondition("s", { ...hours, days: "weekdays" })).to.throw(/allowed: whole hours with 0 <= start < end <= 24/);
        });
    }

    for (const minutes of [10, 62, 725]) {
        it(`refuse a quiet window of ${minutes} minutes`, () => {
            expect(() => appAlarms("expertconnect", { ...SETTINGS, noSuccessfulCreditMinutes: minutes })).to.throw(/allowed: a multiple of 5 from 15 to 720/);
        });
    }

    it("become MetricAlarm arguments that notify the topic on ALARM and OK", () => {
        for (const alarm of alarms) {
            const args = metricAlarmArgs(alarm, "arn:topic", {});
            expect(args.alarmActions).to.deep.equal(["arn:topic"]);
            expect(args.okActions).to.deep.equal(["arn:topic"]);
        }
    });
});

describe("application dashboard widgets", () => {
    it("graph every published metric with the statistic its filter needs", () => {
        const lines = appSignalWidgets().flatMap((w) => (w.kind === "metric" ? w.lines : []));
        expect(lines.map((l) => l.metricName)).to.have.members(appMetricFilters().map((f) => f.metricName));
        for (const l of lines) {
            expect(l.stat, l.metricName).to.equal(filterFor(l.metricName).statistic);
        }
    });
});

describe("AppSignals", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new AppSignals("app-signals", {
            project: "expertconnect",
            tags: { project: "expertconnect", environment: "prod" },
            stackPrefix: "expertconnect-prod",
            logGroups: { services: { backend: "/ecs/expertconnect-prod-backend", frontend: "/ecs/expertconnect-prod-frontend" }, database: "/aws/rds/instance/expertconnect-prod-db/postgresql" },
            topicArn: "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms",
            alarms: SETTINGS,
        });
        await settle();
    });

    it("puts every metric filter on the backend's log group, into the ExpertConnect namespace", () => {
        const filters = mocks.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
        expect(filters).to.have.length(appMetricFilters().length);
        for (const f of filters) {
            expect(f.inputs.logGroupName).to.equal("/ecs/expertconnect-prod-backend");
            expect(f.inputs.metricTransformation.namespace).to.equal("ExpertConnect");
            expect(filterFor(f.inputs.metricTransformation.name).pattern).to.equal(f.inputs.pattern);
        }
    });

    it("creates the alarms after the filters they watch, notifying the topic", () => {
        const alarms = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        const filterUrns = mocks.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => f.urn);
        expect(alarms.map((a) => a.inputs.name)).to.have.members(appAlarms("expertconnect", SETTINGS).map((a) => a.name));
        for (const a of alarms) {
            expect(a.dependencies).to.include.members(filterUrns);
            expect(a.inputs.alarmActions).to.deep.equal(["arn:aws:sns:us-east-1:123456789012:expertconnect-alarms"]);
        }
    });
});
