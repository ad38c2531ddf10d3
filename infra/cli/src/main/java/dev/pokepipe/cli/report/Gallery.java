package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.pipeline.summarize.RunSummary;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The gallery: each id's original and processed image side by side, failures with their stage,
 * error and cause. The first {@value #PAGE_SIZE} ids are in the page as figures; every id is also
 * in a JSON block the script pages through (and filters to the failures), so the page holds one
 * page of figures however many ids the run had, and its images load as they near the viewport.
 */
final class Gallery {

    /** Figures on one page: a 150-id run's gallery is one page, as it always was. */
    static final int PAGE_SIZE = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Gallery() {
    }

    /** Appends the gallery of {@code ids}, their images from {@code images}, failures from {@code summary} (may be null). */
    static void append(List<Integer> ids, RunSummary summary, IntFunction<HtmlReport.ImageLinks> images,
                       StringBuilder html) {
        Map<Integer, RunSummary.Failure> failures = new HashMap<>();
        if (summary != null && summary.failures() != null) {
            summary.failures().forEach(f -> failures.put(f.id(), f));
        }
        int pages = Math.max(1, (ids.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        html.append("<section id=\"gallery\" data-page-size=\"").append(PAGE_SIZE).append("\"><h2>Gallery</h2>")
                .append("<p class=\"legend\">Original and processed, side by side. <span id=\"gallery-status\">")
                .append(ids.size()).append(" ids.</span>")
                .append(" <label><input type=\"checkbox\" id=\"only-failures\"> failures only</label></p>");
        if (pages > 1) {
            html.append("<p class=\"pager\"><button type=\"button\" id=\"page-prev\">‹ previous</button> ")
                    .append("<span id=\"page-status\">page 1 of ").append(pages).append("</span> ")
                    .append("<button type=\"button\" id=\"page-next\">next ›</button></p>");
        }
        ObjectNode data = MAPPER.createObjectNode();
        ArrayNode items = data.putArray("items");
        html.append("<div class=\"grid\">");
        for (int k = 0; k < ids.size(); k++) {
            int id = ids.get(k);
            RunSummary.Failure failure = failures.get(id);
            HtmlReport.ImageLinks links = images.apply(id);
            String processed = failure == null ? links.processed() : null;
            ArrayNode item = items.addArray().add(id).add(links.original()).add(processed);
            if (failure != null) {
                item.add(failure.stage()).add(shortError(failure.error())).add(failure.cause());
            }
            if (k < PAGE_SIZE) {
                figure(id, links.original(), processed, failure, html);
            }
        }
        html.append("</div>");
        // "</" would end the script element early; JSON allows the slash escaped.
        html.append("<script type=\"application/json\" id=\"gallery-data\">")
                .append(data.toString().replace("</", "<\\/")).append("</script>");
        html.append("</section>\n");
    }

    private static void figure(int id, String original, String processed, RunSummary.Failure failure,
                               StringBuilder html) {
        html.append("<figure class=\"item ").append(failure == null ? "ok" : "failed").append("\" data-id=\"")
                .append(id).append("\"><div class=\"pair\">");
        image(original, "original " + id, html);
        image(processed, "processed " + id, html);
        html.append("</div><figcaption>#").append(id);
        if (failure != null) {
            html.append(" <b>").append(Html.escape(failure.stage())).append(" failed</b>: ")
                    .append(Html.escape(shortError(failure.error()))).append("<br><span class=\"cause\">")
                    .append(Html.escape(failure.cause())).append("</span>");
        }
        html.append("</figcaption></figure>");
    }

    private static void image(String href, String alt, StringBuilder html) {
        if (href == null) {
            html.append("<div class=\"missing\">—</div>");
        } else {
            // The script sets src as the image nears the viewport: even one page must not load all its images at once.
            html.append("<img decoding=\"async\" width=\"120\" height=\"120\" data-src=\"")
                    .append(Html.escape(href)).append("\" alt=\"").append(Html.escape(alt)).append("\">");
        }
    }

    private static String shortError(String error) {
        return error == null ? "" : error.substring(error.lastIndexOf('.') + 1);
    }
}
