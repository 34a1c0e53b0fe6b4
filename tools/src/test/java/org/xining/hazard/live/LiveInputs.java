package org.xining.hazard.live;

import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.simulate.FeedPublisher;
import org.xining.hazard.ingest.FeedRecordReader;
import org.xining.hazard.ingest.Ingest;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.simulate.FeedSimulator;
import org.xining.hazard.simulate.SimulationOutputs;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

/** Feed folders for the live tests: simulated days, a report that moves time on, one folder of everything for file mode. */
final class LiveInputs {

    private LiveInputs() {
    }

    /**
     * Simulated days with the offices' updates, cross-feed duplicates, malformed records and repeats;
     * deliveries are in order within each feed (lateShare 0: late deliveries are tested on their own).
     */
    static Path simulate(Path dir, long seed, LocalDate start, int days, double perDay) throws Exception {
        FeedSimulator.Settings s = new FeedSimulator.Settings(seed, days, perDay, start, 0.03, 0.0, 0.005, 0.005, true);
        try (SimulationOutputs.Folder out = new SimulationOutputs.Folder(dir)) {
            new FeedSimulator(s).run(out);
        }
        return dir;
    }

    /**
     * Splits a folder of feed files in two where the records of {@code day} begin (by position, so
     * that each topic receives the same sequence as the single file would give): what a feed delivered
     * before that day, and from then on. Case updates split where the first update of a case of that
     * day is.
     */
    static void splitAtDay(Path all, LocalDate day, Path before, Path from) throws Exception {
        Files.createDirectories(before);
        Files.createDirectories(from);
        String dashed = day.toString();
        String compact = dashed.replace("-", "");
        for (Path f : FeedFiles.list(all)) {
            // byte for byte: some simulated records are deliberately not valid UTF-8
            List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            boolean csv = f.getFileName().toString().endsWith(".csv");
            int first = csv ? 1 : 0;
            int cut = lines.size();
            for (int i = first; i < lines.size(); i++) {
                String l = lines.get(i);
                boolean ofTheDay = f.getFileName().toString().startsWith("case-updates")
                        ? l.contains("-" + compact + "-") : l.contains(dashed) || l.contains("-" + compact + "-");
                if (ofTheDay) {
                    cut = i;
                    break;
                }
            }
            List<String> head = csv ? List.of(lines.get(0)) : List.of();
            List<String> a = new java.util.ArrayList<>(head);
            a.addAll(lines.subList(first, cut));
            List<String> b = new java.util.ArrayList<>(head);
            b.addAll(lines.subList(cut, lines.size()));
            Files.write(before.resolve(f.getFileName()), a, StandardCharsets.ISO_8859_1);
            Files.write(from.resolve(f.getFileName()), b, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The feed records of a folder (not its case updates) as one folder per local day, each feed's
     * records in the order of their time, as a live feed delivers them. A record without a valid time
     * goes with the record before it.
     */
    static java.util.SortedMap<LocalDate, Path> byDay(Path folder, Path outRoot) throws Exception {
        org.xining.hazard.ingest.Ingest ingest = new org.xining.hazard.ingest.Ingest(
                org.xining.hazard.profile.CityProfile.xining(), java.time.Clock.systemUTC());
        java.util.SortedMap<LocalDate, Path> days = new java.util.TreeMap<>();
        for (Path f : FeedFiles.list(folder)) {
            String feed = FeedFiles.feedOf(f.getFileName().toString());
            if (feed.equals("case.updates")) {
                continue;
            }
            java.util.Map<LocalDate, List<long[]>> order = new java.util.TreeMap<>();
            List<byte[]> payloads = new java.util.ArrayList<>();
            LocalDate day = null;
            long at = 0;
            try (java.io.InputStream in = Files.newInputStream(f);
                 org.xining.hazard.ingest.FeedRecordReader reader = new org.xining.hazard.ingest.FeedRecordReader(in, feed)) {
                org.xining.hazard.ingest.FeedRecordReader.Record r;
                while ((r = reader.next()) != null) {
                    var read = ingest.read(new org.xining.hazard.ingest.RawRecord(feed, "split", r.payload()));
                    if (read.report() != null) {
                        day = LocalDate.parse(read.report().localDate());
                        at = read.report().receivedAtEpochMs();
                    }
                    if (day == null) {
                        continue;
                    }
                    payloads.add(r.payload());
                    order.computeIfAbsent(day, d -> new java.util.ArrayList<>()).add(new long[] {at, payloads.size() - 1});
                }
            }
            for (var e : order.entrySet()) {
                Path dir = Files.createDirectories(outRoot.resolve(e.getKey().toString()));
                days.put(e.getKey(), dir);
                e.getValue().sort(java.util.Comparator.comparingLong((long[] x) -> x[0]).thenComparingLong(x -> x[1]));
                try (OutputStream out = Files.newOutputStream(dir.resolve(f.getFileName()))) {
                    if (feed.equals("emergency")) {
                        out.write((String.join(",", org.xining.hazard.ingest.FeedNormaliser.EMERGENCY_COLUMNS) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    for (long[] x : e.getValue()) {
                        out.write(payloads.get((int) x[1]));
                        out.write('\n');
                    }
                }
            }
        }
        return days;
    }

    /** One hotline ticket at the given time: after a quiet spell, the next report is what moves time on. */
    static Path clockTicket(Path dir, String ticketNo, String acceptTime) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hotline-" + ticketNo + ".jsonl"), "{\"ticketNo\":\"" + ticketNo + "\",\"acceptTime\":\""
                + acceptTime + "\",\"districtName\":\"城西区\",\"category\":\"小区物业\",\"content\":\"楼道杂物堆放\",\"address\":\"海湖路88号\"}\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Every feed file of the folders in one folder (names prefixed with their folder's), for file mode. */
    static Path union(Path dir, List<Path> folders) throws Exception {
        Files.createDirectories(dir);
        for (Path folder : folders) {
            for (Path f : FeedFiles.list(folder)) {
                String name = f.getFileName().toString();
                // the feed is read from the start and the end of the name: add the folder's in between
                int dot = name.lastIndexOf('.');
                String renamed = name.substring(0, dot) + "-" + folder.getFileName() + name.substring(dot);
                Files.copy(f, dir.resolve(renamed));
            }
        }
        return dir;
    }

    /**
     * Cancels the job and waits until it has ended: a cancel is only acknowledged at once, and a job
     * still writing a checkpoint into the test's temporary folder makes the folder's removal fail.
     */
    static void cancelAndAwait(org.apache.flink.core.execution.JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    return;
                }
            } catch (Exception gone) {
                return; // the MiniCluster no longer knows the job: it has ended
            }
            Thread.sleep(100);
        }
    }

    /**
     * Publishes a folder as its feeds would deliver it live: the records of all its files interleaved
     * in order of their time (each file's own order kept; a record without a valid time goes at once).
     * {@link #publish} sends one file after the other, so a feed that was quiet would deliver a whole
     * day after another feed had already moved time past it: that is a late delivery, not a live day.
     */
    static void publishInTimeOrder(String bootstrapServers, Path folder) throws Exception {
        Ingest ingest = new Ingest(CityProfile.xining(), java.time.Clock.systemUTC());
        record Pending(String feed, long time, byte[] payload, FeedRecordReader rest) {
        }
        java.util.PriorityQueue<Pending> next = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Pending::time));
        List<java.io.Closeable> open = new java.util.ArrayList<>();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("linger.ms", "5");
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                p, new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            java.util.function.BiFunction<String, FeedRecordReader, Pending> read = (feed, reader) -> {
                try {
                    FeedRecordReader.Record r = reader.next();
                    if (r == null) {
                        return null;
                    }
                    long t = ingest.read(new RawRecord(feed, feed + "@" + r.line(), r.payload())).eventTime();
                    return new Pending(feed, t, r.payload(), reader);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            for (Path f : FeedFiles.list(folder)) {
                String feed = FeedFiles.feedOf(f.getFileName().toString());
                FeedRecordReader reader = new FeedRecordReader(Files.newInputStream(f), feed);
                open.add(reader);
                Pending first = read.apply(feed, reader);
                if (first != null) {
                    next.add(first);
                }
            }
            // a file's next record waits behind its previous one: the queue holds one record per file
            while (!next.isEmpty()) {
                Pending r = next.poll();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.topicOf(r.feed()), null, r.payload())).get();
                Pending after = read.apply(r.feed(), r.rest());
                if (after != null) {
                    next.add(after);
                }
            }
        } finally {
            for (java.io.Closeable c : open) {
                c.close();
            }
        }
    }

    static void publish(String bootstrapServers, Path folder) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        FeedPublisher.publish(folder, p, new PrintStream(OutputStream.nullOutputStream()));
    }
}
