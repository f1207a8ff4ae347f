"""The pair's front for scripts/rolling-upgrade, standing in for nginx: forwards each TCP connection on LISTEN_PORT to
the node named in TARGET_FILE (one port per line: the first is the primary, the next are backups tried when it does
not accept), re-reading the file for every connection, as nginx's upstream with a `backup` server does.

Usage: proxy.py LISTEN_PORT TARGET_FILE LIFETIME_SECONDS   (exits after LIFETIME_SECONDS at the latest)
"""
import os, socket, sys, threading

listen_port, target_file, lifetime = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
threading.Timer(lifetime, lambda: os._exit(0)).start()


def pump(source, destination):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    with open(target_file) as handle:
        ports = [int(port) for port in handle.read().split()]
    for port in ports:
        try:
            upstream = socket.create_connection(("127.0.0.1", port), timeout=2)
            upstream.settimeout(None)
            break
        except OSError:
            continue
    else:
        client.close()
        return
    threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(512)
while True:
    try:
        connection, _ = server.accept()
    except OSError:
        break
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
