"""sockets.py: finds the listening TCP sockets of a process group and their addresses."""

import os
import socket
import unittest

from qsweep_tools import sockets


class SocketsTest(unittest.TestCase):
    def test_finds_our_listening_sockets_with_their_addresses(self):
        me = os.getpgid(0)
        with socket.socket() as lo, socket.socket() as anyv4, socket.socket(socket.AF_INET6) as v6:
            lo.bind(("127.0.0.1", 0))
            lo.listen()
            anyv4.bind(("0.0.0.0", 0))
            anyv4.listen()
            v6.bind(("::1", 0))
            v6.listen()
            found = {(addr, port) for pid, addr, port in sockets.listening({me}) if pid == os.getpid()}
            self.assertIn(("127.0.0.1", lo.getsockname()[1]), found)
            self.assertIn(("0.0.0.0", anyv4.getsockname()[1]), found)
            self.assertIn(("::1", v6.getsockname()[1]), found)
        self.assertIn(os.getpid(), sockets.group_pids({me}))

    def test_a_connected_but_not_listening_socket_is_not_reported(self):
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            with socket.create_connection(server.getsockname()) as client:
                ports = {port for pid, addr, port in sockets.listening({os.getpgid(0)})}
                self.assertNotIn(client.getsockname()[1], ports)

    def test_loopback_addresses(self):
        for a in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.1.1"):
            self.assertTrue(sockets.is_loopback(a), a)
        for a in ("0.0.0.0", "::", "192.0.2.2", "::ffff:10.0.0.1"):
            self.assertFalse(sockets.is_loopback(a), a)


if __name__ == "__main__":
    unittest.main()
