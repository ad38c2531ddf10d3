#!/usr/bin/env python3
"""An artwork origin on loopback for side-by-side runs: serves DIR/NNN.png at a latency.

Both contenders of a comparison (the study's Python, `pokepipe run --origin URL`) fetch from the same
server, so neither gets the JVM's own sample origin for free.

    python3 origin.py DIR [--port 0] [--latency-ms 400] [--jitter-ms 100] [--seed 7]

Prints the base URL on its first line, then serves until killed. Answers 404 for a name not in DIR.
"""
import argparse, http.server, os, random, re, socketserver, sys, threading, time

NAME = re.compile(r'^/(\d{3,})\.png$')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--latency-ms', type=float, default=400)
    ap.add_argument('--jitter-ms', type=float, default=100)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    if a.jitter_ms > a.latency_ms:
        sys.exit('--jitter-ms must be at most --latency-ms')
    files = {}
    for f in os.listdir(a.dir):
        if f.endswith('.png'):
            with open(os.path.join(a.dir, f), 'rb') as fh:
                files['/' + f] = fh.read()
    rng = random.Random(a.seed)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def do_GET(self):
            with lock:
                delay = (a.latency_ms + rng.uniform(-a.jitter_ms, a.jitter_ms)) / 1000
            time.sleep(delay)
            body = files.get(self.path) if NAME.match(self.path) else None
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b'not found\n'
            self.send_header('Content-Type', 'image/png' if self.path.endswith('.png') else 'text/plain')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 128

    server = Server(('127.0.0.1', a.port), Handler)
    print(f'http://127.0.0.1:{server.server_address[1]}', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
