package org.xining.hazard.ingest;

import org.xining.hazard.classify.Classifier;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.HazardReport;

/**
 * What the three feeds' parsers share: the checks every message passes, the district resolver, the
 * classifier, the profile's default urgency, and their own feed's JSON Schema.
 */
abstract class FeedParser {

    /** The parts a normaliser makes once and hands to each of its parsers. */
    record Parts(RecordParsing parsing, DistrictResolver districts, Classifier classifier, String defaultUrgency) {
    }

    protected final RecordParsing parsing;
    protected final DistrictResolver districts;
    protected final Classifier classifier;
    protected final String defaultUrgency;
    protected final ContractValidator contract;

    FeedParser(Parts parts, ContractValidator.Contract contract) {
        this.parsing = parts.parsing();
        this.districts = parts.districts();
        this.classifier = parts.classifier();
        this.defaultUrgency = parts.defaultUrgency();
        this.contract = ContractValidator.of(contract);
    }

    abstract HazardReport parse(RawRecord raw);

    /** The slot of one of the contract's top-level properties ({@link RecordParsing#fields}). */
    final int slot(String property) {
        return contract.propertySlots().slot(property);
    }
}
