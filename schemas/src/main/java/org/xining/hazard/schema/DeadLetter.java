package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * An input record that did not become a canonical report, with the reason
 * (schemas/json/dead-letter.schema.json). The payload is kept as received so the record can be
 * replayed once the cause is fixed: as text when it is valid UTF-8, as base64 otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        String feed,
        String origin,
        String recordId,
        String reason,
        String payload,
        String payloadEncoding) {

    public static DeadLetter of(String feed, String origin, String recordId, String reason, byte[] payload) {
        if (payload == null) {
            return new DeadLetter(feed, origin, recordId, reason, "", "utf-8");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
            return new DeadLetter(feed, origin, recordId, reason, text, "utf-8");
        } catch (CharacterCodingException e) {
            return new DeadLetter(feed, origin, recordId, reason, Base64.getEncoder().encodeToString(payload), "base64");
        }
    }
}
