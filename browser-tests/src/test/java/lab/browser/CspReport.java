package lab.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import lab.harness.LabStack;

/**
 * One Content-Security-Policy violation report that Chromium posted to the dashboard's report-uri,
 * as nginx logged it at /csp-reports (the {@code csp-report} object of the report body).
 */
record CspReport(String documentUri, String effectiveDirective, String blockedUri, String sample, String disposition) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<CspReport> read() {
        return Http.get(LabStack.forBrowser().dashboard() + "/csp-reports", Map.of()).body().lines()
                .filter(line -> !line.isBlank()).map(CspReport::parse).toList();
    }

    private static CspReport parse(String line) {
        try {
            JsonNode report = JSON.readTree(JSON.readTree(line).path("body").asText()).path("csp-report");
            return new CspReport(report.path("document-uri").asText(), report.path("effective-directive").asText(),
                    report.path("blocked-uri").asText(), report.path("script-sample").asText(),
                    report.path("disposition").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("an unreadable line in /csp-reports: " + line, e);
        }
    }
}
