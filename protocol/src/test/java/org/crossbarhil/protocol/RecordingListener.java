package org.crossbarhil.protocol;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/** Records everything a {@link FrameDecoder} reports, in order. */
final class RecordingListener implements FrameDecoder.Listener {

    /** A frame of another major version, as handed to {@link #onForeignVersion}. */
    record Foreign(int version, int typeCode, ByteString payload) {
    }

    /** A dropped block, as handed to {@link #onDropped}. */
    record Drop(DropReason reason, int length) {
    }

    /** Requests, responses, events and {@link Foreign} frames, in the order they arrived. */
    final List<Object> delivered = new ArrayList<>();
    final List<Drop> drops = new ArrayList<>();

    @Override
    public void onRequest(Request request) {
        delivered.add(request);
    }

    @Override
    public void onResponse(Response response) {
        delivered.add(response);
    }

    @Override
    public void onEvent(Event event) {
        delivered.add(event);
    }

    @Override
    public void onForeignVersion(int version, int typeCode, byte[] payload) {
        delivered.add(new Foreign(version, typeCode, ByteString.copyFrom(payload)));
    }

    @Override
    public void onDropped(DropReason reason, int length) {
        drops.add(new Drop(reason, length));
    }

    List<DropReason> dropReasons() {
        return drops.stream().map(Drop::reason).toList();
    }
}
