"""WebSocket frames written whole.

simple-websocket 1.1.0 writes each frame with one `socket.send`, which may write only
part of it when the socket's buffer is full (a big first message, a busy worker): the
rest is lost and the stream is corrupt ("Invalid attempt to fragment control frame"
in the client). Upstream fixed it after 1.1.0 (miguelgrinberg/simple-websocket#45),
but no release carries the fix yet. Until one does, the server's sockets write with
`sendall`, which loops until the whole frame is written.
"""

from __future__ import annotations

from simple_websocket import ConnectionClosed, Server
from wsproto.events import Message, TextMessage


class WholeFrameServer(Server):
    """simple-websocket's server socket, sending each message whole."""

    def send(self, data) -> None:
        if not self.connected:
            raise ConnectionClosed(self.close_reason, self.close_message)
        event = Message(data=data) if isinstance(data, bytes) else TextMessage(data=str(data))
        self.sock.sendall(self.ws.send(event))


def install() -> None:
    """Have flask-sock open WholeFrameServer sockets (it names `Server` at call time)."""
    import flask_sock

    flask_sock.Server = WholeFrameServer
