import com.fasterxml.jackson.core.*;
import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.node.*;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.simulate.FeedSimulator;
import java.time.LocalDate;
import java.util.*;
/** Upper bound of a tree-free hotline path (bench/RESULTS.md): javac/java with -cp "tools/target/lib/*:tools/target/hazard-tools.jar". */
public class TreeFreeBound {
  static final String[] F = {"ticketNo","acceptTime","channel","callerName","callerPhone","districtName","streetName","communityName","address","category","content","urgency","lng","lat"};
  static final Set<String> URG = new HashSet<>(Arrays.asList("一般","紧急","特急",""));
  static String text(ObjectNode n, String f) { JsonNode v = n.get(f); if (v == null || v.isNull()) return null; String s = v.isTextual() ? v.textValue() : v.toString(); return s.isBlank() ? null : s; }
  public static void main(String[] a) throws Exception {
    List<byte[]> recs = new ArrayList<>();
    FeedSimulator sim = new FeedSimulator(new FeedSimulator.Settings(5, 12, 10_000, LocalDate.of(2025, 1, 1), 0.0, 0.0, 0.0, 0.0, false));
    sim.run((feed, payload) -> { if (feed.equals("hotline") && recs.size() < 70_000) recs.add(payload); });
    ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    JsonFactory f = m.getFactory();
    ContractValidator c = ContractValidator.of(ContractValidator.Contract.FEED_HOTLINE);
    long[] ns = new long[2]; long sink = 0; int fast = 0;
    Object[] vals = new Object[F.length];
    for (int r = 0; r < 12; r++) {
      for (int from = 0; from < recs.size(); from += 2000) {
        List<byte[]> part = recs.subList(from, Math.min(recs.size(), from + 2000));
        long t = System.nanoTime();
        for (byte[] b : part) {
          ObjectNode n = (ObjectNode) m.readTree(b);
          if (!c.validate(n).isEmpty()) throw new IllegalStateException();
          for (String x : F) { String s = text(n, x); if (s != null) sink += s.length(); }
          JsonNode lng = n.get("lng"); if (lng != null && lng.isNumber()) sink += (long) lng.doubleValue();
        }
        long u = System.nanoTime();
        for (byte[] b : part) {
          boolean ok = true;
          try (JsonParser p = f.createParser(b)) {
            Arrays.fill(vals, null);
            p.nextToken();
            String name;
            while ((name = p.nextFieldName()) != null) {
              int k = -1; for (int i = 0; i < F.length; i++) if (F[i] == name) { k = i; break; }
              JsonToken v = p.nextToken();
              Object val = switch (v) { case VALUE_STRING -> p.getText(); case VALUE_NUMBER_INT -> (Object) p.getLongValue(); case VALUE_NUMBER_FLOAT -> p.getDoubleValue(); case VALUE_NULL -> Boolean.FALSE; default -> { ok = false; yield null; } };
              if (k >= 0) { if (vals[k] != null) ok = false; vals[k] = val; }
            }
            if (p.nextToken() != null) ok = false;
          }
          // the contract on the slots
          for (int i = 0; i < F.length && ok; i++) {
            Object v = vals[i];
            if (i < 12) {
              if (v == null) { ok = i != 0 && i != 1 && i != 10; continue; }
              if (v == Boolean.FALSE) { ok = i >= 2 && i != 10 ; continue; }
              if (!(v instanceof String s)) { ok = false; continue; }
              if (s.length() > 4000) ok = false;
              if ((i == 0 || i == 10) && s.isBlank()) ok = false;
              if (i == 1 && !(s.length() == 19 && s.charAt(4) == '-' && s.charAt(10) == ' ')) ok = false;
              if (i == 11 && !URG.contains(s)) ok = false;
            } else if (v != null && v != Boolean.FALSE) {
              double d = ((Number) v).doubleValue(); if (d < 3 || d > 136) ok = false;
            }
          }
          if (ok) fast++;
          for (int i = 0; i < 12; i++) if (vals[i] instanceof String s && !s.isBlank()) sink += s.length();
          if (vals[12] instanceof Number x) sink += x.longValue();
        }
        long w = System.nanoTime();
        if (r >= 2) { ns[0] += u - t; ns[1] += w - u; }
      }
    }
    System.out.printf("tree+contract+lookups %.0f ms, tokens+slots+checks %.0f ms, ratio %.2f (fast %d of %d, %d)%n", ns[0]/1e6/10, ns[1]/1e6/10, (double) ns[1]/ns[0], fast / 12, recs.size(), sink);
  }
}
