"""python-zeroconf on the other side of Classroom's DNS-SD record.

Run only inside a lab namespace (tests/lab/lab.sh run NS HOST python zc.py …):
its multicast must not leave the machine.

    zc.py browse [--seconds S] [--until-session ID]
        Browses _classroom._tcp.local. and prints one JSON object per line for
        each service resolved: {"ms", "name", "server", "port", "addresses", "txt"}.
        Stops after S seconds, or as soon as a service with TXT session=ID is seen.

    zc.py publish --name NAME --port P --address A [--txt KEY=VALUE …]
        Publishes a service of our type, prints "published NAME", and keeps it
        until stdin closes or SIGTERM; then sends goodbyes and exits.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, ServiceListener, Zeroconf

SERVICE_TYPE = "_classroom._tcp.local."


def txt_of(info: ServiceInfo) -> dict[str, str]:
    txt: dict[str, str] = {}
    for key, value in (info.properties or {}).items():
        k = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        v = value.decode("utf-8", "replace") if isinstance(value, bytes) else ("" if value is None else str(value))
        txt[k] = v
    return txt


class Collector(ServiceListener):
    def __init__(self, zc: Zeroconf, started: float, until_session: str | None) -> None:
        self.zc = zc
        self.started = started
        self.until_session = until_session
        self.done = threading.Event()
        self.lock = threading.Lock()

    def _resolve(self, type_: str, name: str) -> None:
        info = self.zc.get_service_info(type_, name, timeout=3000)
        if info is None:
            return
        record = {
            "ms": int((time.monotonic() - self.started) * 1000),
            "name": name,
            "server": info.server,
            "port": info.port,
            "addresses": info.parsed_scoped_addresses(IPVersion.All),
            "txt": txt_of(info),
        }
        with self.lock:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        if self.until_session and record["txt"].get("session") == self.until_session:
            self.done.set()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        threading.Thread(target=self._resolve, args=(type_, name), daemon=True).start()

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        threading.Thread(target=self._resolve, args=(type_, name), daemon=True).start()

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        pass


def browse(args: argparse.Namespace) -> int:
    zc = Zeroconf(ip_version=IPVersion.All)
    collector = Collector(zc, time.monotonic(), args.until_session)
    browser = ServiceBrowser(zc, SERVICE_TYPE, collector)
    try:
        collector.done.wait(args.seconds)
    finally:
        browser.cancel()
        zc.close()
    return 0 if (collector.done.is_set() or not args.until_session) else 1


def publish(args: argparse.Namespace) -> int:
    properties = {}
    for pair in args.txt:
        key, _, value = pair.partition("=")
        properties[key] = value
    info = ServiceInfo(
        SERVICE_TYPE,
        f"{args.name}.{SERVICE_TYPE}",
        port=args.port,
        properties=properties,
        server=f"{args.host}.local.",
        parsed_addresses=args.address,
    )
    zc = Zeroconf(ip_version=IPVersion.All)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    zc.register_service(info)
    print(f"published {args.name}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait(args.seconds)
    zc.unregister_service(info)
    zc.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("browse")
    b.add_argument("--seconds", type=float, default=5.0)
    b.add_argument("--until-session")
    p = sub.add_parser("publish")
    p.add_argument("--name", required=True)
    p.add_argument("--host", default="zeroconf-lab")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--address", action="append", required=True)
    p.add_argument("--txt", action="append", default=[])
    p.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    return browse(args) if args.command == "browse" else publish(args)


if __name__ == "__main__":
    sys.exit(main())
