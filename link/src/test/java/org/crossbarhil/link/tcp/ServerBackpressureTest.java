package org.crossbarhil.link.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossbarhil.link.LinkHandler;
import org.junit.jupiter.api.Test;

/** A server link stops reading a peer that does not read its answers, and reads again once it does. */
class ServerBackpressureTest {
    private static final int ANSWER_BYTES = 16 * 1024;

    @Test
    void aPeerThatDoesNotReadIsNotReadUntilItReadsAgain() throws Exception {
        CompletableFuture<ChannelLink> accepted = new CompletableFuture<>();
        AtomicInteger requests = new AtomicInteger();
        try (TcpLinkServer server = TcpLinkServer.start("127.0.0.1", 0, null, link -> {
            accepted.complete((ChannelLink) link);
            return new LinkHandler() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    for (int i = 0; i < length; i++) {
                        try {
                            link.send(new byte[ANSWER_BYTES]);
                        } catch (IOException e) {
                            return;
                        }
                        // counted after the answer is queued: the test then sees its effect on reading
                        requests.incrementAndGet();
                    }
                }

                @Override
                public void onClosed(Throwable cause) {
                }
            };
        });
             Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024);
            client.connect(server.address());
            ChannelLink link = accepted.get(5, TimeUnit.SECONDS);
            OutputStream out = client.getOutputStream();
            // One request at a time, each seen by the server before the next: answers pile up unread.
            int sent = 0;
            while (link.reading() && sent < 4000) {
                out.write(1);
                out.flush();
                sent++;
                awaitCount(requests, sent);
            }
            assertThat(link.reading()).as("the server stopped reading after %d unread answers", sent).isFalse();
            // 4 MiB of Netty buffer plus the kernel's socket buffers: far below the 64 MiB sent unpaused.
            assertThat((long) sent * ANSWER_BYTES).isLessThan(64L << 20);

            InputStream in = client.getInputStream();
            byte[] sink = new byte[1 << 16];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long drained = 0;
            // A read with nothing left to read would block for ever if reading resumed after the
            // check: short timeouts let the loop look at the flag again.
            client.setSoTimeout(100);
            while (!link.reading() && System.nanoTime() < deadline) {
                try {
                    drained += in.read(sink);
                } catch (SocketTimeoutException nothingYet) {
                    // look again
                }
            }
            assertThat(link.reading()).as("reading again after the peer read %d bytes", drained).isTrue();
            out.write(1);
            out.flush();
            awaitCount(requests, sent + 1);
        }
    }

    private static void awaitCount(AtomicInteger count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not see request " + expected + " within 5 s");
            }
            Thread.sleep(1);
        }
    }
}
