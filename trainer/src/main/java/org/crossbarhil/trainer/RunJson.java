package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.trainer.board.Block;
import org.crossbarhil.trainer.board.BoardSettings;
import org.crossbarhil.trainer.board.DeviceWindow;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.PulseSettings;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.board.WeightMapping;

/**
 * The one mapping between run records and their JSON in the run database (and {@code --json}):
 * the plan, per-epoch details, board setup, reference result and summary are records whose
 * components become snake_case keys (nested records are flattened where the records say so);
 * enums are written as their lower-case names. Key names are those recorded runs already carry.
 */
public final class RunJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addMixIn(BoardSettings.class, BoardSettingsKeys.class)
            .addMixIn(PulseSettings.class, PulseSettingsKeys.class)
            .addMixIn(DeviceWindow.class, CamelCaseKeys.class)
            .addMixIn(WeightMapping.class, CamelCaseKeys.class)
            .addMixIn(Block.class, CamelCaseKeys.class)
            .build();

    /** A recorded plan must name every value: a missing key is a damaged record, not a default. */
    private static final ObjectReader PLAN = MAPPER.readerFor(TrainingPlan.class)
            .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private RunJson() {
    }

    /** The board settings sit flat among the plan's keys, under the names runs were first recorded with. */
    private abstract static class BoardSettingsKeys {
        @JsonUnwrapped
        abstract PulseSettings pulses();

        @JsonProperty("weight_headroom")
        abstract double headroom();
    }

    private abstract static class PulseSettingsKeys {
        @JsonProperty("pulse_width_seconds")
        abstract double widthSeconds();
    }

    /** The board state's window, mappings and blocks were recorded with camelCase keys. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    private interface CamelCaseKeys {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A record as a JSON tree (what {@code --json} writes). */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A record the trainer wrote itself; keys it lacks (an older or a float-only run) read as 0, false or null. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt JSON in the run record: " + problem(e), e);
        }
    }

    /** The plan a run was recorded with; a missing key or a value out of range is refused, naming it. */
    public static TrainingPlan readPlan(String json) {
        try {
            return PLAN.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the run's recorded configuration is unreadable: " + problem(e), e);
        }
    }

    private static String problem(JsonProcessingException e) {
        // a record's own check (range, cross-field rule) says best what is wrong
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException bad) {
            return bad.getMessage();
        }
        return e.getOriginalMessage();
    }

    /** The board state plus the placement (for plots that turn conductances back into weights). */
    public static String writeState(NetworkState s, int[] sizes, List<Block> blocks) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("window", MAPPER.valueToTree(s.window()));
        ObjectNode faulty = root.putObject("faulty");
        s.faulty().forEach((tile, bits) -> {
            ArrayNode a = faulty.putArray(Integer.toString(tile));
            for (long w : bits.toLongArray()) {
                a.add(w);
            }
        });
        root.put("tile_cols", s.tileCols());
        root.put("devices_probed", s.devicesProbed());
        root.set("mappings", MAPPER.valueToTree(s.mappings()));
        root.put("update", s.update().label());
        root.put("update_note", s.updateNote());
        root.set("sizes", MAPPER.valueToTree(sizes));
        root.set("blocks", MAPPER.valueToTree(blocks));
        return write(root);
    }

    public static NetworkState readState(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            DeviceWindow window = MAPPER.treeToValue(root.get("window"), DeviceWindow.class);
            Map<Integer, BitSet> faulty = new HashMap<>();
            root.get("faulty").fields().forEachRemaining(e -> {
                long[] words = new long[e.getValue().size()];
                for (int i = 0; i < words.length; i++) {
                    words[i] = e.getValue().get(i).asLong();
                }
                faulty.put(Integer.parseInt(e.getKey()), BitSet.valueOf(words));
            });
            List<WeightMapping> mappings = new ArrayList<>();
            for (JsonNode m : root.get("mappings")) {
                mappings.add(MAPPER.treeToValue(m, WeightMapping.class));
            }
            return new NetworkState(window, faulty, root.get("tile_cols").asInt(), root.get("devices_probed").asInt(), mappings,
                    UpdateRule.parse(root.get("update").asText()), root.get("update_note").asText());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt board state in the run record: " + e.getMessage(), e);
        }
    }

    /** The layer sizes recorded with the board state. */
    public static int[] readSizes(String stateJson) {
        try {
            return MAPPER.treeToValue(MAPPER.readTree(stateJson).get("sizes"), int[].class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt board state in the run record: " + e.getOriginalMessage(), e);
        }
    }

    public static List<Block> readBlocks(String stateJson) {
        try {
            JsonNode root = MAPPER.readTree(stateJson);
            List<Block> out = new ArrayList<>();
            for (JsonNode b : root.get("blocks")) {
                out.add(MAPPER.treeToValue(b, Block.class));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt board state in the run record: " + e.getOriginalMessage(), e);
        }
    }
}
