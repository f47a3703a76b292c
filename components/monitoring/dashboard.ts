/**
 * CloudWatch dashboard bodies from typed widget definitions. Pure: the JSON is tested
 * without mocks, and a widget that CloudWatch would reject cannot be written.
 */

/** One line on a graph. */
export interface MetricLine {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    /** `Average`, `Sum`, `Maximum`, `p95`… */
    stat: string;
    /** Legend label. @default CloudWatch's own */
    label?: string;
}

export interface MetricWidget {
    kind: "metric";
    title: string;
    lines: MetricLine[];
    /** Seconds per datapoint. @default 300 */
    period?: number;
    /** Width in grid columns (24 per row). @default 12 */
    width?: number;
}

export interface AlarmStatusWidget {
    kind: "alarm";
    title: string;
    alarmArns: string[];
    /** @default 24 */
    width?: number;
}

export interface TextWidget {
    kind: "text";
    markdown: string;
    /** @default 24 */
    width?: number;
}

export type Widget = MetricWidget | AlarmStatusWidget | TextWidget;

/** CloudWatch's grid is 24 columns wide. */
const GRID_COLUMNS = 24;
const HEIGHT = { metric: 6, alarm: 4, text: 2 } as const;

function metricRow(line: MetricLine): unknown[] {
    const dims = Object.entries(line.dimensions).flat();
    return [line.namespace, line.metricName, ...dims, { stat: line.stat, ...(line.label ? { label: line.label } : {}) }];
}

function properties(widget: Widget, region: string): Record<string, unknown> {
    switch (widget.kind) {
        case "metric":
            return {
                title: widget.title,
                region,
                view: "timeSeries",
                stacked: false,
                period: widget.period ?? 300,
                metrics: widget.lines.map(metricRow),
            };
        case "alarm":
            return { title: widget.title, alarms: widget.alarmArns };
        case "text":
            return { markdown: widget.markdown };
    }
}

/**
 * The dashboard body: widgets flow left to right and wrap at 24 columns; every metric widget
 * names its region explicitly, since dashboards are global and may be opened from anywhere.
 */
export function dashboardBody(widgets: Widget[], region: string): string {
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    const placed = widgets.map((widget) => {
        const width = widget.width ?? (widget.kind === "metric" ? 12 : GRID_COLUMNS);
        if (width < 1 || width > GRID_COLUMNS) {
            throw new Error(`dashboard widget width must be 1..${GRID_COLUMNS}, got ${width}`);
        }
        if (widget.kind === "alarm" && widget.alarmArns.length > 100) {
            throw new Error(`an alarm status widget shows at most 100 alarms, got ${widget.alarmArns.length}`);
        }
        if (x + width > GRID_COLUMNS) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const height = HEIGHT[widget.kind];
        const out = { type: widget.kind, x, y, width, height, properties: properties(widget, region) };
        x += width;
        rowHeight = Math.max(rowHeight, height);
        return out;
    });
    return JSON.stringify({ widgets: placed });
}

/** Dashboard names are global to the account, so only prod has the guide's name: `ExpertConnect-DR-Dashboard` in dr. */
export function dashboardName(environment: string): string {
    return environment === "prod" ? "ExpertConnect-Dashboard" : `ExpertConnect-${environment.toUpperCase()}-Dashboard`;
}
