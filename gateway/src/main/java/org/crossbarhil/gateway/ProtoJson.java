package org.crossbarhil.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A protobuf message as a JSON tree for the audit log: field names as in the schema, every
 * scalar field written (zeros included, so a line says exactly what was asked), enums by name.
 * Byte fields up to {@value #MAX_INLINE_BYTES} bytes are base64; longer ones are summarised by
 * length and SHA-256, so one update mask does not make a line of a megabyte.
 */
final class ProtoJson {
    static final int MAX_INLINE_BYTES = 4096;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProtoJson() {
    }

    static ObjectNode toJson(MessageOrBuilder m) {
        ObjectNode o = F.objectNode();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.isRepeated()) {
                ArrayNode a = o.putArray(f.getName());
                for (Object v : (List<?>) m.getField(f)) {
                    a.add(value(v));
                }
            } else if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || m.hasField(f)) {
                o.set(f.getName(), value(m.getField(f)));
            }
        }
        return o;
    }

    private static JsonNode value(Object v) {
        if (v instanceof MessageOrBuilder) {
            return toJson((MessageOrBuilder) v);
        }
        if (v instanceof EnumValueDescriptor) {
            return F.textNode(((EnumValueDescriptor) v).getName());
        }
        if (v instanceof ByteString) {
            return bytes((ByteString) v);
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return Double.isFinite(d) ? F.numberNode(d) : F.textNode(Double.toString(d));
        }
        if (v instanceof Float) {
            float x = (Float) v;
            return Float.isFinite(x) ? F.numberNode(x) : F.textNode(Float.toString(x));
        }
        if (v instanceof Long) {
            return F.numberNode((Long) v);
        }
        if (v instanceof Integer) {
            return F.numberNode((Integer) v);
        }
        if (v instanceof Boolean) {
            return F.booleanNode((Boolean) v);
        }
        return F.textNode(String.valueOf(v));
    }

    private static JsonNode bytes(ByteString b) {
        if (b.size() <= MAX_INLINE_BYTES) {
            return F.textNode(Base64.getEncoder().encodeToString(b.toByteArray()));
        }
        ObjectNode o = F.objectNode();
        o.put("bytes", b.size());
        try {
            o.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toByteArray())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return o;
    }
}
