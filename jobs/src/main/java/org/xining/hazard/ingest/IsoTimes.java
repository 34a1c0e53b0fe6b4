package org.xining.hazard.ingest;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 offset date-times in their common form (whole seconds, whole-minute offset, years
 * 0000–9999), written and read by hand: the JDK formatter was a tenth of the normaliser's time.
 * Anything else goes to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also words the
 * errors, so the results are the formatter's in every case.
 */
final class IsoTimes {

    private IsoTimes() {
    }

    /** The same text as {@code t.format(ISO_OFFSET_DATE_TIME)}. */
    static String format(OffsetDateTime t) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (t.getNano() != 0 || year < 0 || year > 9999 || offset % 60 != 0) {
            return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        char[] c = new char[offset == 0 ? 20 : 25];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        if (offset == 0) {
            c[19] = 'Z';
        } else {
            int minutes = Math.abs(offset) / 60;
            c[19] = offset < 0 ? '-' : '+';
            put(c, 20, minutes / 60, 2);
            c[22] = ':';
            put(c, 23, minutes % 60, 2);
        }
        return new String(c);
    }

    /** The same value, or the same exception, as {@code OffsetDateTime.parse(s, ISO_OFFSET_DATE_TIME)}. */
    static OffsetDateTime parse(String s) {
        if (s != null && (s.length() == 25 || s.length() == 20) && s.charAt(4) == '-' && s.charAt(7) == '-'
                && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            ZoneOffset offset = offset(s);
            if ((year | month | day | hour | minute | second) >= 0 && offset != null) {
                try {
                    return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second), offset);
                } catch (DateTimeException e) {
                    // out of range: the formatter words the error
                }
            }
        }
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static ZoneOffset offset(String s) {
        if (s.length() == 20) {
            return s.charAt(19) == 'Z' ? ZoneOffset.UTC : null;
        }
        char sign = s.charAt(19);
        int hours = digits(s, 20, 2);
        int minutes = digits(s, 23, 2);
        if ((sign != '+' && sign != '-') || s.charAt(22) != ':' || hours < 0 || minutes < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The ASCII digits s[from, from+count) as a number, or -1 if any is not a digit. */
    static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
