package org.crossbarhil.dashboard;

/**
 * Where live events go: a page's {@link EventLog}, or a gateway's page through {@link RemoteFeed}.
 * {@code data} is any Jackson-serialisable value; calls must return quickly (the caller may be
 * the training thread).
 */
public interface Feed extends AutoCloseable {
    Feed NONE = new Feed() {
        @Override
        public void publish(String kind, Object data) {
        }

        @Override
        public void close() {
        }
    };

    void publish(String kind, Object data);

    @Override
    void close();
}
