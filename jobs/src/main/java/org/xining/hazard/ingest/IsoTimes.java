package org.xining.hazard.ingest;

import org.xining.hazard.schema.StandIns;

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
public final class IsoTimes {

    private IsoTimes() {
    }

    /** The same text as {@code t.format(ISO_OFFSET_DATE_TIME)}. */
    public static String format(OffsetDateTime t) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (!StandIns.on(StandIns.ISO_TIMES) || t.getNano() != 0 || year < 0 || year > 9999 || offset % 60 != 0) {
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

    /** {@code t.toLocalDate().toString()}, taken from t's formatted text when that begins with it. */
    static String localDate(OffsetDateTime t, String formatted) {
        return StandIns.on(StandIns.ISO_TIMES) && t.getYear() >= 0 && t.getYear() <= 9999 ? formatted.substring(0, 10) : t.toLocalDate().toString();
    }

    /**
     * The same value, or the same exception, as {@code OffsetDateTime.parse(s, ISO_OFFSET_DATE_TIME)}.
     * By hand: {@code yyyy-MM-ddTHH:mm[:ss[.f…]]} and {@code Z} or {@code ±HH:MM}, the forms feeds
     * write (Java's own {@code OffsetDateTime.toString()} drops zero seconds).
     */
    public static OffsetDateTime parse(String s) {
        OffsetDateTime fast = s == null || !StandIns.on(StandIns.ISO_TIMES) ? null : parseCommon(s);
        return fast != null ? fast : OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static OffsetDateTime parseCommon(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = 0;
        int nano = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            if (i + 3 > n) {
                return null;
            }
            second = digits(s, i + 1, 2);
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int from = ++i;
                while (i < n && i - from < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (i == from) {
                    return null;
                }
                nano = digits(s, from, i - from);
                for (int k = i - from; k < 9; k++) {
                    nano *= 10;
                }
            }
        }
        ZoneOffset offset = offset(s, i);
        if ((year | month | day | hour | minute | second) < 0 || offset == null) {
            return null;
        }
        try {
            return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nano), offset);
        } catch (DateTimeException e) {
            return null; // out of range: the formatter words the error
        }
    }

    /** The offset that makes up the rest of s from index i, or null. */
    private static ZoneOffset offset(String s, int i) {
        int n = s.length();
        if (n == i + 1) {
            return s.charAt(i) == 'Z' ? ZoneOffset.UTC : null;
        }
        if (n != i + 6) {
            return null;
        }
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        if ((sign != '+' && sign != '-') || s.charAt(i + 3) != ':' || hours < 0 || minutes < 0) {
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
