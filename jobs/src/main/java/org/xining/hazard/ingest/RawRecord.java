package org.xining.hazard.ingest;

/**
 * One message as a feed delivered it, before any parsing: which feed, where it came from
 * (file:line or topic-partition@offset, for the dead letter), and the bytes.
 */
public record RawRecord(String feed, String origin, byte[] payload) {
}
