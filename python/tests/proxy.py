"""A TCP proxy between a client and a board that sees whole frames: it records what the client
sent and can drop chosen answers, as a lossy line would."""

import socket
import threading

from crossbarhil import framing
from crossbarhil.messages import Request, Response


class FrameProxy:
    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.requests = []           # (wire bytes, Request) from the client, in order
        self.dropped = []            # Responses that never reached the client
        self.drop_if = lambda response: False
        self.noise_before_next_answer = b""   # line noise put on the wire before the next answer
        self.connections = []
        self.outstanding = 0         # requests forwarded and not yet answered
        self.most_outstanding = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self):
        return "tcp://127.0.0.1:%d" % self.port

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            board = socket.create_connection(self.upstream)
            self.connections += [client, board]
            threading.Thread(target=self._pump, args=(client, board, self._on_request), daemon=True).start()
            threading.Thread(target=self._pump, args=(board, client, self._on_answer, self._noise), daemon=True).start()

    def _pump(self, source, sink, on_frame, prefix=lambda: b""):
        pending = b""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                pending += data
                while b"\x00" in pending:
                    wire, pending = pending.split(b"\x00", 1)
                    wire += b"\x00"
                    if on_frame(wire):
                        sink.sendall(prefix() + wire)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    @staticmethod
    def _decode(wire):
        frames = framing.FrameDecoder().feed(wire)
        return frames[0] if frames else None

    def _on_request(self, wire):
        frame = self._decode(wire)
        if frame is not None:
            with self._lock:
                self.requests.append((wire, Request.FromString(frame.payload)))
                self.outstanding += 1
                self.most_outstanding = max(self.most_outstanding, self.outstanding)
        return True

    def _noise(self):
        with self._lock:
            noise, self.noise_before_next_answer = self.noise_before_next_answer, b""
        return noise

    def _on_answer(self, wire):
        frame = self._decode(wire)
        if frame is None or frame.type != framing.TYPE_RESPONSE:
            return True
        response = Response.FromString(frame.payload)
        with self._lock:
            self.outstanding -= 1
            if self.drop_if(response):
                self.dropped.append(response)
                return False
        return True

    def sent(self, body):
        with self._lock:
            return [(wire, r) for wire, r in self.requests if r.WhichOneof("body") == body]

    def cut(self):
        """Breaks every connection, as a pulled cable would."""
        for s in self.connections:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.connections = []

    def close(self):
        self.server.close()
        self.cut()
