package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.job.EsOptions;
import org.xining.hazard.report.DailyReportData;
import org.xining.hazard.report.DailyReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the emergency office's daily report as one HTML page (bulletin, district × category table, "
                + "inline SVG charts, 7-day trend, closed-loop rates), from Elasticsearch (--es) or a file-mode output folder (--input).")
public class ReportCommand implements Callable<Integer> {

    @Mixin
    EsOptions es = new EsOptions();

    @Mixin
    org.xining.hazard.job.ProfileOption profile = new org.xining.hazard.job.ProfileOption();

    @Option(names = "--input", description = "a file-mode output folder instead of Elasticsearch")
    Path input;

    @Option(names = "--date", required = true, description = "the local day, yyyy-MM-dd")
    LocalDate date;

    @Option(names = "--out", required = true, description = "the HTML file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        DailyReportData data;
        if (input != null) {
            try {
                data = DailyReportData.fromFiles(input, date);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        } else {
            org.xining.hazard.job.Reachability.elasticsearch(es.required());
            data = DailyReportData.fromIndex(es.required(), date);
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, DailyReportPage.render(data, profile.load()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath() + (data.bulletin() == null ? " (no bulletin for " + date + " yet)" : ""));
        return 0;
    }
}
