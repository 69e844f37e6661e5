package org.crossbarhil.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.trainer.board.Block;
import org.crossbarhil.trainer.board.DeviceWindow;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.board.WeightMapping;

/** JSON for run records: configuration maps, summaries, and the board network's host-side state. */
public final class RunJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> readMap(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt JSON in the run record: " + e.getOriginalMessage(), e);
        }
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
