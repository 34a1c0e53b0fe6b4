package org.xining.hazard.index;

import org.xining.hazard.schema.DeadLetter;

import java.io.Serializable;

/**
 * Where a sink sends what it cannot write (a document Elasticsearch rejects with a 4xx). Sinks are
 * the end of a Flink graph and cannot emit to a stream, so they publish directly.
 */
public interface DeadLetterPublisher extends Serializable, AutoCloseable {

    void publish(DeadLetter deadLetter);

    @Override
    default void close() {
    }
}
