package dev.pokepipe.cli.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row per Map Run of the execution's Distributed Maps: its state and status from the parent's
 * history, and what its children did from their ResultWriter records: items, succeeded, item
 * failures the child caught, children that failed, and the most in flight against the limit.
 */
final class MapRunTable {

    private MapRunTable() {
    }

    /** Appends the table; nothing for an execution without Map Runs. */
    static void append(List<ExecutionTimeline.MapRunEvent> runs, List<ChildRuns.Child> children,
                       Map<String, Integer> slotsUsed, Map<String, Integer> limits, StringBuilder html) {
        if (runs.isEmpty()) {
            return;
        }
        html.append("<h2>Map Runs</h2><table class=\"study map-runs\"><thead><tr><th>Map Run</th><th>status</th>"
                + "<th>items</th><th>succeeded</th><th>caught</th><th>failed</th><th>peak / limit</th></tr></thead><tbody>");
        for (ExecutionTimeline.MapRunEvent run : runs) {
            int items = 0;
            int succeeded = 0;
            int caught = 0;
            int failed = 0;
            for (ChildRuns.Child c : children) {
                if (run.mapRunArn().equals(c.mapRunArn())) {
                    items++;
                    if (!c.failed()) {
                        succeeded++;
                    } else if ("SUCCEEDED".equals(c.status())) {
                        caught++;
                    } else {
                        failed++;
                    }
                }
            }
            String id = run.mapRunArn().substring(run.mapRunArn().lastIndexOf(':') + 1);
            html.append(String.format(Locale.ROOT, "<tr data-map-run=\"%s\"><th title=\"%s\">%s <code>%s</code></th>"
                            + "<td class=\"status-cell\">%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                            + "<td>%d / %s</td></tr>",
                    Html.escape(run.mapRunArn()), Html.escape(run.mapRunArn()), Html.escape(run.state()),
                    Html.escape(id.length() > 8 ? id.substring(0, 8) : id), Html.escape(run.status()), items, succeeded,
                    caught, failed, slotsUsed.getOrDefault(run.state(), 0),
                    limits.containsKey(run.state()) ? String.valueOf(limits.get(run.state())) : "-"));
        }
        html.append("</tbody></table>");
        if (children.isEmpty()) {
            html.append("<p class=\"note\">No ResultWriter files in the run's directory: the children are not counted.</p>");
        }
    }
}
