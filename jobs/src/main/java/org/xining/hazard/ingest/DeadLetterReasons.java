package org.xining.hazard.ingest;

/**
 * The class of a dead letter's reason, for counting them (a metric label, a dashboard): few, fixed
 * values, unlike the reasons themselves, which name the record and field.
 */
public final class DeadLetterReasons {

    private DeadLetterReasons() {
    }

    public static String classOf(String reason) {
        if (reason == null) {
            return "other";
        }
        if (reason.startsWith("repeated id")) {
            return "repeat";
        }
        if (reason.startsWith("empty message") || reason.contains("not valid UTF-8") || reason.contains("bytes, more than")) {
            return "encoding";
        }
        if (reason.startsWith("malformed") || reason.startsWith("message is") || reason.startsWith("expected")
                || reason.startsWith("header row")) {
            return "syntax";
        }
        if (reason.contains("before 2015") || reason.contains("after processing time") || reason.contains("in the future")
                || reason.contains("not a real")) {
            return "time";
        }
        if (reason.startsWith("office ") || reason.startsWith("$.office: required to update")) {
            return "office";
        }
        if (reason.startsWith("$") || reason.contains(": required") || reason.contains("must ")) {
            return "schema";
        }
        return "other";
    }
}
