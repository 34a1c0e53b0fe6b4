package org.xining.hazard.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.schema.Bulletin;

import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where a bulletin is delivered, and in which message body: {@code wecom} and {@code dingtalk} are
 * their group robots' {@code text} messages, {@code json} the bulletin record itself. A robot's URL
 * carries its key in the query: {@link #redacted()} is the form that logs and dead letters show.
 */
public record Webhook(String url, Format format) implements Serializable {

    public enum Format { JSON, WECOM, DINGTALK }

    private static final ObjectMapper JSON = new ObjectMapper();

    public Webhook {
        URI u = URI.create(url);
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("webhook '" + redact(url) + "': an http(s) URL is needed");
        }
    }

    public static Format format(String name) {
        try {
            return Format.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook format '" + name + "': json, wecom or dingtalk");
        }
    }

    /** The message body: the record itself ({@code json}) or a robot's text message showing {@code text}. */
    public byte[] body(Object record, String text) {
        try {
            if (format == Format.JSON) {
                return JSON.writeValueAsBytes(record);
            }
            // WeCom's and DingTalk's group robots take the same text message
            ObjectNode m = JSON.createObjectNode();
            m.put("msgtype", "text");
            m.putObject("text").put("content", text);
            return JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] body(Bulletin b) {
        return body(b, BulletinDelivery.BULLETINS.text(b));
    }

    /** The URL without its query (a robot's key) or user info. */
    public String redacted() {
        return redact(url);
    }

    static String redact(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + (u.getPath() == null ? "" : u.getPath())
                    + (u.getQuery() != null ? "?…" : "");
        } catch (IllegalArgumentException e) {
            return "(an unreadable URL)";
        }
    }

    @Override
    public String toString() {
        return redacted() + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
