package org.xining.hazard.pipeline;

import org.xining.hazard.profile.CityProfile;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;

/**
 * The tunables of the topology, with defaults that suit a live city.
 *
 * @param outOfOrderness how far behind the newest report a report may arrive and still be on time
 * @param idleness       after how long a silent input stops holding the watermark back
 * @param allowedLateness how long after its day closed a late report still revises the day's counts
 * @param dedupeTtl      how long a report id is remembered to recognise repeats
 * @param progressEvery  log progress every this many records per subtask
 * @param bulletinSettle how long, in processing time, the bulletin waits after its day closed (or after a
 *                       late change) for the day's other statistics before it is issued
 */
public record PipelineOptions(
        CityProfile profile,
        Clock clock,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration dedupeTtl,
        long progressEvery,
        Duration bulletinSettle) implements Serializable {

    /**
     * Within one partition the feeds deliver in order, give or take seconds; a report further behind
     * is still counted in its day (allowed lateness), it is only linked to other feeds' reports on
     * arrival rather than in event-time order. Reports wait this long before they are published.
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(10);

    /**
     * Flink closes a day at each parallel subtask separately: after a quiet spell the subtask that wakes
     * first can carry the next day's time to the bulletin before another has passed on its share of the
     * closed day. A few seconds let those shares meet in one bulletin instead of a burst of revisions.
     */
    public static final Duration DEFAULT_BULLETIN_SETTLE = Duration.ofSeconds(5);

    public static PipelineOptions defaults(CityProfile profile) {
        return new PipelineOptions(profile, Clock.systemUTC(), DEFAULT_OUT_OF_ORDERNESS, Duration.ofMinutes(1),
                Duration.ofDays(3), Duration.ofDays(7), 100_000, DEFAULT_BULLETIN_SETTLE);
    }

    public PipelineOptions withClock(Clock c) {
        return new PipelineOptions(profile, c, outOfOrderness, idleness, allowedLateness, dedupeTtl, progressEvery, bulletinSettle);
    }

    public PipelineOptions withAllowedLateness(Duration d) {
        return new PipelineOptions(profile, clock, outOfOrderness, idleness, d, dedupeTtl, progressEvery, bulletinSettle);
    }

    public PipelineOptions withOutOfOrderness(Duration d) {
        return new PipelineOptions(profile, clock, d, idleness, allowedLateness, dedupeTtl, progressEvery, bulletinSettle);
    }

    public PipelineOptions withIdleness(Duration d) {
        return new PipelineOptions(profile, clock, outOfOrderness, d, allowedLateness, dedupeTtl, progressEvery, bulletinSettle);
    }

    public PipelineOptions withDedupeTtl(Duration d) {
        return new PipelineOptions(profile, clock, outOfOrderness, idleness, allowedLateness, d, progressEvery, bulletinSettle);
    }

    public PipelineOptions withProgressEvery(long n) {
        return new PipelineOptions(profile, clock, outOfOrderness, idleness, allowedLateness, dedupeTtl, n, bulletinSettle);
    }

    public PipelineOptions withBulletinSettle(Duration d) {
        return new PipelineOptions(profile, clock, outOfOrderness, idleness, allowedLateness, dedupeTtl, progressEvery, d);
    }
}
