package org.xining.hazard.index;

import java.io.Serializable;

/** One document to write: target index, deterministic id, the full JSON source. */
public record DocWrite(String index, String id, byte[] source) implements Serializable {
}
