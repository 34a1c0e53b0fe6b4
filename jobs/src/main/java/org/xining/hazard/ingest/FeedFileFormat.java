package org.xining.hazard.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * Reads feed files for Flink's FileSource: the feed comes from the file name, every record carries
 * its origin ({@code file:line}). Files are not split (a CSV row may span lines); a restored reader
 * skips the records it had already emitted.
 */
public class FeedFileFormat implements BulkFormat<RawRecord, FileSourceSplit> {

    private static final int BATCH = 512;

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FeedReader(split.path(), 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FeedReader(split.path(), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class FeedReader implements Reader<RawRecord> {
        private final String feed;
        private final String fileName;
        private final FeedRecordReader records;
        private long emitted;

        FeedReader(Path path, long skip) throws IOException {
            this.fileName = path.getName();
            this.feed = FeedFiles.feedOf(fileName);
            if (feed == null) {
                throw new IOException("not a feed file (hotline*.jsonl, emergency*.csv, fire*.jsonl): " + path);
            }
            this.records = new FeedRecordReader(path.getFileSystem().open(path), feed);
            while (emitted < skip && records.next() != null) {
                emitted++;
            }
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RawRecord[] batch = new RawRecord[BATCH];
            int n = 0;
            FeedRecordReader.Record r;
            while (n < BATCH && (r = records.next()) != null) {
                batch[n++] = new RawRecord(feed, fileName + ":" + r.line(), r.payload());
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RawRecord> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += n;
            return it;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }
}
