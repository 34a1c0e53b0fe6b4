package org.xining.hazard.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** One measured figure, as the JSON output has it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figure(String name, String what, Double rate, Double p50Ms, Double p99Ms, Double ceiling, Double ratio,
                     String target, boolean met, Map<String, Object> details) {

    String line() {
        String value = rate != null ? String.format("%,.0f/s", rate)
                : p99Ms != null ? String.format("p50 %.0f ms, p99 %.0f ms", p50Ms, p99Ms) : "";
        String vs = ceiling != null ? String.format("  ceiling %,.0f/s  ratio %.2f", ceiling, ratio)
                : ratio != null ? String.format("  ratio %.2f", ratio) : "";
        return String.format("%-10s %-28s%s  target %s  %s", name, value, vs, target, met ? "MET" : "NOT MET");
    }
}
