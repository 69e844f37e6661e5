package org.crossbarhil.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The keys of a JSON object, in their order, for tests that pin what a record is written as. */
final class JsonKeys {
    private JsonKeys() {
    }

    static List<String> of(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
