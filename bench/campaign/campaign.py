#!/usr/bin/env python3
"""Delivery and robustness campaign for OptOutBot (issue 12). Loopback only; fake Telegram, Discord and Bot Framework
servers; the real host (Release build) with a SQLite file in a temp folder. Every phase is bounded in count and time and
prints its figures; the summary at the end repeats them. Test keys only (an Ed25519 key pair generated per run)."""

import argparse
import datetime
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SECRET = "s3cret"
BOT_ID = 999
USERNAME = "OptOutTestBot"
RNG = random.Random(12)
SUMMARY = []


def figure(line):
    print(line, flush=True)
    SUMMARY.append(line)


# ---------------------------------------------------------------- fake platforms

class QuietServer(ThreadingHTTPServer):
    """A killed host resets its connections: that is expected here, not worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakePlatform:
    """One loopback server for the Telegram Bot API, the Discord REST API and the Bot Framework connector. Counts the
    answers each chat got (Telegram sendMessage/editMessageText by chat id)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = {}  # chat id -> count
        self.delay = 0.0
        self.watch = None  # a text marker: sendMessage calls whose text holds it are counted in `watched` too
        self.watched = {}  # chat id -> count
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if platform.delay:
                    time.sleep(platform.delay)
                result = platform.handle(self.path, body)
                data = json.dumps(result).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PATCH = do_POST
            do_PUT = do_POST

            def do_GET(self):
                self.do_POST()

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, path, body):
        method = path.rsplit("/", 1)[-1]
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = {}
        if path.startswith("/bot"):
            if method == "getMe":
                return {"ok": True, "result": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": USERNAME}}
            if method in ("sendMessage", "editMessageText"):
                self.count(payload.get("chat_id"))
                if self.watch and self.watch in str(payload.get("text", "")):
                    with self.lock:
                        chat_id = payload.get("chat_id")
                        self.watched[chat_id] = self.watched.get(chat_id, 0) + 1
                chat = payload.get("chat_id")
                if method == "editMessageText":
                    return {"ok": True, "result": True}
                return {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": chat, "type": "private"}}}
            return {"ok": True, "result": True}
        return {"id": "reply-1"}

    def count(self, chat):
        with self.lock:
            self.answers[chat] = self.answers.get(chat, 0) + 1

    def reset(self):
        with self.lock:
            self.answers = {}


# ---------------------------------------------------------------- the host

class Host:
    def __init__(self, dll, root, platform, data_dir, public_key_hex, extra=None):
        self.dll, self.root, self.platform, self.data_dir = dll, root, platform, data_dir
        self.port = free_port()
        self.env = dict(os.environ)
        self.env.update({
            "Urls": f"http://127.0.0.1:{self.port}",
            "Storage__SqlitePath": os.path.join(data_dir, "bot.db"),
            "Logging__LogLevel__Default": "Warning",
            "Telegram__BotToken": "123:TEST", "Telegram__Mode": "webhook", "Telegram__WebhookSecret": SECRET,
            "Telegram__ConfigureWebhookOnStart": "false", "Telegram__BotUsername": USERNAME,
            "Telegram__ApiBaseUrl": f"http://127.0.0.1:{platform.port}",
            "Discord__PublicKey": public_key_hex, "Discord__ApplicationId": "123",
            "Discord__ApiBaseUrl": f"http://127.0.0.1:{platform.port}/api/v10",
            "BotFramework__AllowUnauthenticatedLocal": "true",
            "BotFramework__LocalServiceUrl": f"http://127.0.0.1:{platform.port}",
            "Web__RateLimitPerMinute": "0",
        })
        self.env.update(extra or {})
        self.log = open(os.path.join(data_dir, "host.log"), "ab")
        self.proc = None

    def start(self, timeout=120):
        self.proc = subprocess.Popen(["dotnet", self.dll], cwd=self.root, env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"host exited with {self.proc.returncode}; see {self.log.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/")
                c.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("host did not start")

    def stop(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- Telegram wire

def tg_text(update_id, chat, text="comment m'opposer sur insta ?"):
    return {"update_id": update_id, "message": {"message_id": 1, "date": 1748300000,
            "chat": {"id": chat, "type": "private", "first_name": "A"},
            "from": {"id": chat, "is_bot": False, "first_name": "A", "language_code": "fr"}, "text": text}}


def tg_press(update_id, chat, data="m"):
    return {"update_id": update_id, "callback_query": {"id": f"cb{update_id}", "data": data,
            "from": {"id": chat, "is_bot": False, "first_name": "A", "language_code": "fr"},
            "message": {"message_id": 5, "date": 1748300000, "chat": {"id": chat, "type": "private"}}}}


def raw_post(port, path, body, headers, timeout):
    """One HTTP/1.1 request on a fresh socket. Returns (status, body) or None when the client gave up at `timeout`
    (the socket is closed, as Telegram does when a webhook is too slow)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return None  # the host is down (killed): Telegram delivers again later
    try:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        s.sendall(head.encode() + body)
        s.settimeout(timeout)
        data = b""
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                return None
            s.settimeout(left)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                break
            data += chunk
        if not data.startswith(b"HTTP/"):
            return None  # the host died before answering
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    except (ConnectionError, OSError):
        return None
    finally:
        s.close()


def inline_chat(body):
    """The chat an inline webhook answer goes to (sendMessage / editMessageText in the response body), or None."""
    if not body:
        return None
    try:
        if body.startswith(b"{") is False:
            body = body.split(b"\r\n", 1)[1] if b"\r\n" in body else body  # chunked: size line first
        j = json.loads(body.split(b"\r\n0\r\n")[0])
    except ValueError:
        return None
    return j.get("chat_id") if j.get("method") in ("sendMessage", "editMessageText") else None


class Ledger:
    """Answers seen by the driver inline, by chat; plus acknowledged updates."""

    def __init__(self):
        self.lock = threading.Lock()
        self.inline = {}
        self.acked = set()

    def add_inline(self, chat):
        with self.lock:
            self.inline[chat] = self.inline.get(chat, 0) + 1

    def ack(self, chat):
        with self.lock:
            self.acked.add(chat)


def deliver(host, update, chat, ledger, first_timeout, retries=6):
    """Delivers like Telegram: the first attempt is abandoned after first_timeout; anything but a 2xx is redelivered."""
    body = json.dumps(update).encode()
    timeout = first_timeout
    for attempt in range(retries):
        r = raw_post(host.port, "/telegram/webhook", body, {"X-Telegram-Bot-Api-Secret-Token": SECRET}, timeout)
        if r is not None and 200 <= r[0] < 300:
            ledger.ack(chat)
            c = inline_chat(r[1])
            if c is not None:
                ledger.add_inline(c)
            return True
        timeout = 10
        time.sleep(0.05 * (attempt + 1))
    return False


def wait_quiet(platform, expected, quiet=3.0, limit=90):
    """Waits until every expected chat got an answer, or nothing new arrived for `quiet` seconds (at most `limit`)."""
    start = time.time()
    last, last_change = -1, time.time()
    while time.time() - start < limit:
        with platform.lock:
            n = sum(platform.answers.values())
            got = sum(1 for c in expected if platform.answers.get(c))
        if n != last:
            last, last_change = n, time.time()
        if got >= len(expected) and time.time() - last_change > 1.0:
            return
        if time.time() - last_change > quiet and got < len(expected) and time.time() - start > 35:
            return  # leases of a killed host are 30 s: past that, silence means done
        time.sleep(0.2)


def tally(platform, ledger, chats):
    with platform.lock:
        api = dict(platform.answers)
    answered = twice = 0
    for c in chats:
        n = api.get(c, 0) + ledger.inline.get(c, 0)
        answered += n >= 1
        twice += n >= 2
    return answered, twice


def parallel(items, fn, threads=16):
    it = iter(items)
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                try:
                    x = next(it)
                except StopIteration:
                    return
            fn(x)

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


# ---------------------------------------------------------------- phases

def phase_redelivery(ctx):
    for timeout_ms in (1, 20):
        host = ctx.fresh_host()
        ledger = Ledger()
        base = 10_000_000 + timeout_ms * 100_000
        chats = [base + i for i in range(1000)]
        parallel(range(1000), lambda i: deliver(host, tg_text(base + i, base + i), base + i, ledger, timeout_ms / 1000), threads=8)
        wait_quiet(ctx.platform, chats)
        answered, twice = tally(ctx.platform, ledger, chats)
        figure(f"redelivery, first delivery abandoned at {timeout_ms} ms: 1000 updates, acknowledged {len(ledger.acked)}, answered {answered}, twice {twice}")
        host.stop(signal.SIGTERM)


def phase_presses(ctx):
    for name, sig in (("kill -9", signal.SIGKILL), ("SIGTERM", signal.SIGTERM)):
        host = ctx.fresh_host()
        ledger = Ledger()
        ctx.platform.delay = 0.02  # a Bot API at 20 ms a call, so most replies are still queued at the stop
        base = 20_000_000 + (0 if sig == signal.SIGKILL else 100_000)
        chats = [base + i for i in range(500)]
        parallel(range(500), lambda i: deliver(host, tg_press(base + i, base + i), base + i, ledger, 10), threads=16)
        with ctx.platform.lock:
            before = sum(1 for c in chats if ctx.platform.answers.get(c))
        host.stop(sig)
        with ctx.platform.lock:
            at_stop = sum(1 for c in chats if ctx.platform.answers.get(c))
        ctx.platform.delay = 0.0
        host.start()
        wait_quiet(ctx.platform, chats)
        answered, twice = tally(ctx.platform, ledger, chats)
        figure(f"500 button presses then {name}: acknowledged {len(ledger.acked)}, replies delivered before the stop {at_stop} "
               f"(when the last was acknowledged {before}), after restart {answered}, duplicates {twice}")
        host.stop(signal.SIGTERM)


def phase_kills(ctx):
    kills = ctx.args.kills
    host = ctx.fresh_host()
    ledger = Ledger()
    pending = []  # updates not acknowledged yet: Telegram delivers them again
    plock = threading.Lock()
    counter = [30_000_000]
    chats = []

    def load(stop):
        while not stop.is_set():
            with plock:
                if pending:
                    update, chat = pending.pop()
                else:
                    counter[0] += 1
                    chat = counter[0]
                    update = tg_press(chat, chat) if chat % 2 else tg_text(chat, chat)
                    chats.append(chat)
            if not deliver(host, update, chat, ledger, 10, retries=1):
                with plock:
                    pending.append((update, chat))
                time.sleep(0.05)

    for k in range(kills):
        stop = threading.Event()
        ts = [threading.Thread(target=load, args=(stop,)) for _ in range(8)]
        for t in ts:
            t.start()
        time.sleep(RNG.uniform(0.5, 2.0))
        host.stop(signal.SIGKILL)
        time.sleep(0.3)
        stop.set()
        for t in ts:
            t.join()
        host.start()
    # Telegram keeps redelivering what was never acknowledged.
    while pending:
        update, chat = pending.pop()
        deliver(host, update, chat, ledger, 10)
    acked = [c for c in chats if c in ledger.acked]
    wait_quiet(ctx.platform, acked, limit=120)
    answered, twice = tally(ctx.platform, ledger, acked)
    figure(f"kill -9 x{kills} during interactive load (messages and presses): {len(chats)} updates sent, {len(acked)} acknowledged, "
           f"answered {answered}, lost {len(acked) - answered}, twice {twice}")
    host.stop(signal.SIGTERM)


# ---- kills during a broadcast

def outbox_sent(data_dir, broadcast_id):
    """Telegram chat ids whose outbox row for the broadcast is recorded sent (read from the SQLite file while no host runs)."""
    db = sqlite3.connect(os.path.join(data_dir, "bot.db"))
    try:
        rows = db.execute("SELECT address FROM outbox WHERE broadcast_id = ? AND state = 2", (broadcast_id,)).fetchall()
    finally:
        db.close()
    return {int(a.split("/")[0]) for (a,) in rows}


def outbox_states(data_dir, broadcast_id):
    """Rows of the broadcast per state; read-only, so it may run beside the host (WAL)."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'bot.db')}?mode=ro", uri=True, timeout=10)
    try:
        rows = db.execute("SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state", (broadcast_id,)).fetchall()
    finally:
        db.close()
    names = {0: "pending", 1: "in flight", 2: "sent", 3: "gone", 4: "failed"}
    return {names.get(s, s): n for s, n in rows}


def run_verb(host, *args):
    """An operator's CLI verb (e.g. `broadcast send`) on the host's database and settings."""
    r = subprocess.run(["dotnet", host.dll, *args], cwd=host.root, env=host.env, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"optoutbot {' '.join(args)} exited with {r.returncode}: {r.stderr.strip()[-500:]}")
    return r.stdout


def phase_broadcast_kills(ctx):
    """N Telegram chats send /subscribe, the operator queues one announcement with `optoutbot broadcast send`, and the
    host is killed (-9) `kills` times at random moments while it dispatches, then stopped once with SIGTERM, and
    restarted on the same SQLite file each time. After each stop the outbox file is compared with what the fake Bot API
    received: a chat that got the message but whose row is not recorded sent was in flight at the stop, and is the only
    one that may get it twice. The product's lease (30 s, renewed while the host lives) brings the rows a killed host had claimed back
    within the time bound; BROADCAST_LEASE overrides it."""
    n, kills, started = ctx.args.subscribers, ctx.args.kills, time.time()
    bound = 300  # seconds for the whole phase: no stop is made that would leave too little time to finish the broadcast
    # The product's 30 s lease (renewed by a heartbeat while the host lives) is used unless BROADCAST_LEASE is set.
    host = ctx.fresh_host({"Broadcasts__Dispatch__Lease": str(datetime.timedelta(seconds=ctx.args.lease))} if ctx.args.lease else None)
    ctx.args.lease = ctx.args.lease or 30
    base = 40_000_000
    chats = [base + i for i in range(n)]
    ledger = Ledger()
    parallel(chats, lambda c: deliver(host, tg_text(c, c, "/subscribe"), c, ledger, 10), threads=8)
    subscribed = time.time() - started

    marker = f"campaign-{int(time.time())}"
    ctx.platform.watch, ctx.platform.watched = marker, {}
    ctx.platform.delay = ctx.args.api_delay  # a Bot API answering in this many seconds: sends stay in flight that long
    message = os.path.join(host.data_dir, "announcement.md")
    with open(message, "w") as f:
        f.write(f"**Reminder** ({marker}): the objection form is open until the deadline.\n")
    queued = run_verb(host, "broadcast", "send", "--message-file", message)
    broadcast_id = int(queued.split("#", 1)[1].split()[0]) if "Queued broadcast #" in queued else None
    if broadcast_id is None:
        raise RuntimeError(f"broadcast send did not queue: {queued.strip()}")
    recipients = int(queued.split(" for ", 1)[1].split()[0])

    def delivered():
        with ctx.platform.lock:
            return dict(ctx.platform.watched)

    def time_left():
        drain = (n - len(delivered())) / 28 + ctx.args.lease + 15  # Telegram's 30 a second, a lapsing lease, the last stop
        return bound - (time.time() - started) - drain - 12  # 12: one stop and restart on a busy machine

    def wait_dispatching(limit=60):
        """Until the restarted host has sent at least one more message of the broadcast (or all are sent)."""
        before = sum(delivered().values())
        deadline = time.time() + limit
        while time.time() < deadline:
            got = delivered()
            if sum(got.values()) > before or len(got) >= n:
                return len(got) < n
            time.sleep(0.05)
        return len(delivered()) < n

    seen = [{}]  # copies per chat at the previous stop

    def stop(sig):
        """Stops the host; returns how long it took and the chats this run of the host sent the message to without
        recording it sent (a copy since the previous stop, row not sent in the file): its sends in flight at the stop."""
        t = time.time()
        host.stop(sig)
        took = time.time() - t
        time.sleep(0.3)  # a request the host wrote just before dying still reaches the fake API
        now = delivered()
        unrecorded = {c for c in set(now) - outbox_sent(host.data_dir, broadcast_id) if now[c] > seen[0].get(c, 0)}
        seen[0] = now
        return took, unrecorded

    restarts = []
    in_flight = []  # per kill -9: chats that got the message but were not recorded sent
    short = ""  # why fewer kills than asked, if so
    for k in range(kills):
        if time_left() < 0:
            short = "time bound"
            break
        if not wait_dispatching():
            short = "the broadcast finished first"
            break
        time.sleep(RNG.uniform(0.1, 2.0))
        in_flight.append(stop(signal.SIGKILL)[1])
        t = time.time()
        host.start()
        restarts.append(time.time() - t)
    term = None
    if time_left() < 0:
        short_term = "the time bound was reached first"
    elif not wait_dispatching():
        short_term = "the broadcast finished first"
    else:
        time.sleep(RNG.uniform(0.5, 2.0))
        before = len(delivered())
        term = (before,) + stop(signal.SIGTERM)
        host.start()

    stopped = time.time()
    # Let it finish: rows a killed host had claimed come back when their lease lapses.
    deadline = time.time() + max(60, 3 * ctx.args.lease + n / 25)
    last, last_change = -1, time.time()
    while time.time() < deadline:
        got = sum(delivered().values())
        if got != last:
            last, last_change = got, time.time()
        if len(delivered()) >= n and time.time() - last_change > 1:
            # Everyone has it; a row in flight at a kill may still be sent again when its lease lapses.
            left = outbox_states(host.data_dir, broadcast_id)
            if not left.get("pending") and not left.get("in flight"):
                break
        time.sleep(0.5)
    drained = time.time() - stopped
    host.stop(signal.SIGTERM)
    got = delivered()
    states = outbox_states(host.data_dir, broadcast_id)
    ctx.platform.watch, ctx.platform.delay = None, 0.0

    reached = sum(1 for c in chats if got.get(c))
    twice = {c for c in chats if got.get(c, 0) >= 2}
    # A chat may get one copy more for each stop at which it was in flight, never more.
    times_in_flight = {}
    for s in in_flight + ([term[2]] if term else []):
        for c in s:
            times_in_flight[c] = times_in_flight.get(c, 0) + 1
    beyond = sum(max(0, got.get(c, 0) - 1 - times_in_flight.get(c, 0)) for c in chats)
    m = sum(len(s) for s in in_flight)
    print(f"  subscribed {len(ledger.acked)}/{n} in {subscribed:.0f} s; broadcast #{broadcast_id} queued for {recipients}; "
          f"in flight per kill {[len(s) for s in in_flight]}; stops and restarts {stopped - started - subscribed:.0f} s (host starts {sum(restarts):.0f} s), drain {drained:.0f} s; outbox at the end {states}; most copies to one chat {max(got.values(), default=0)}", flush=True)
    figure(f"broadcast kill -9 x{len(in_flight)}{f' (of {kills}: {short})' if short else ''}: {reached}/{n} delivered, "
           f"{n - reached} lost, {len(twice)} twice (in flight at kills: {m}{f', at the SIGTERM: {len(term[2])}' if term else ''}), "
           f"copies beyond one per stop in flight {beyond}, "
           f"{time.time() - started:.0f} s")
    if term is not None:
        before, took, unrecorded = term
        figure(f"broadcast SIGTERM during dispatch: stopped in {took:.1f} s with {before}/{n} delivered, "
               f"delivered but not recorded at the stop {len(unrecorded)}, of them twice {len(unrecorded & twice)}")
    else:
        figure(f"broadcast SIGTERM during dispatch: not run ({short_term})")


# ---- forged requests and fuzzing

class Endpoints:
    def __init__(self, ctx):
        self.ctx = ctx
        self.key = ctx.key

    def telegram(self, body, forged=None):
        headers = {"Content-Type": "application/json"}
        if forged != "no-secret":
            headers["X-Telegram-Bot-Api-Secret-Token"] = "wrong" if forged == "bad-secret" else SECRET
        return "/telegram/webhook", body, headers

    def discord(self, body, forged=None):
        ts = str(int(time.time()))
        if forged == "old-timestamp":
            ts = str(int(time.time()) - 3600)
        sig = self.key.sign(ts.encode() + body).hex()
        if forged == "bad-signature":
            sig = ("0" if sig[0] != "0" else "1") + sig[1:]
        headers = {"Content-Type": "application/json", "X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts}
        if forged == "no-signature":
            headers = {"Content-Type": "application/json"}
        if forged == "body-swapped":
            body = body.replace(b"faq", b"fak") if b"faq" in body else body + b" "
        return "/discord/interactions", body, headers

    def botframework(self, body, forged=None):
        headers = {"Content-Type": "application/json"}
        if forged == "bogus-token":
            headers["Authorization"] = "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."
        return "/api/messages", body, headers

    def web(self, body, forged=None):
        return "/api/chat", body, {"Content-Type": "application/json"}


def samples(platform_port):
    tg = [json.dumps(tg_text(1, 42)), json.dumps(tg_press(2, 42)),
          json.dumps({"update_id": 3, "message": {"message_id": 1, "date": 1, "chat": {"id": -100, "type": "supergroup"},
                      "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": f"@{USERNAME} hi",
                      "entities": [{"type": "mention", "offset": 0, "length": 14}]}}),
          json.dumps(tg_text(4, 42, "/optout [x](https://evil.example) **b**"))]
    dc = [json.dumps({"type": 2, "id": "111", "application_id": "123", "token": "tok", "channel_id": "9",
                      "user": {"id": "77"}, "locale": "fr", "data": {"name": "optout", "options": [{"name": "platform", "type": 3, "value": "facebook"}]}}),
          json.dumps({"type": 3, "id": "112", "application_id": "123", "token": "tok", "channel_id": "9", "user": {"id": "77"},
                      "data": {"custom_id": "m", "component_type": 2}}),
          json.dumps({"type": 1, "id": "113", "application_id": "123", "token": "tok"})]
    bf = [json.dumps({"type": "message", "id": "a1", "channelId": "emulator", "serviceUrl": f"http://127.0.0.1:{platform_port}",
                      "from": {"id": "u1"}, "recipient": {"id": "bot"}, "conversation": {"id": "c1"}, "locale": "fr-FR",
                      "text": "comment m'opposer sur insta ?"}),
          json.dumps({"type": "conversationUpdate", "id": "a2", "channelId": "emulator", "serviceUrl": f"http://127.0.0.1:{platform_port}",
                      "recipient": {"id": "bot"}, "conversation": {"id": "c2"}, "membersAdded": [{"id": "u2"}]})]
    web = [json.dumps({"conversationId": "campaign-web-1", "text": "comment m'opposer sur insta ?"}),
           json.dumps({"conversationId": "campaign-web-1", "command": "optout", "argument": "[x](https://evil.example) **b**"}),
           json.dumps({"conversationId": "campaign-web-1", "action": "m"})]
    return {"telegram": [s.encode() for s in tg], "discord": [s.encode() for s in dc],
            "botframework": [s.encode() for s in bf], "web": [s.encode() for s in web]}


WEIRD = ["\ud800", "\udfff", "\u0000", "\u202e", "💥" * 50, "A" * 5000, "%s%n", "</b><a href='x'>", "[x](https://evil.example)",
         "**", "\\", "\n- ", "é" * 300]
NUMBERS = [0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 2 ** 63, 2 ** 64, -2 ** 63, 1e308, 3.5]


def mutate(raw, rng):
    """One mutation of a valid payload: a structural change on the parsed JSON, or a change of raw bytes."""
    kind = rng.random()
    if kind < 0.55:
        try:
            doc = json.loads(raw)
        except ValueError:
            doc = None
        if doc is not None:
            for _ in range(rng.randint(1, 3)):
                doc = mutate_json(doc, rng)
            try:
                return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
            except (ValueError, TypeError):
                return raw
    b = bytearray(raw)
    op = rng.randint(0, 6)
    if op == 0 and b:
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif op == 1:
        b = b[: rng.randrange(len(b) + 1)]
    elif op == 2:
        i = rng.randrange(len(b) + 1)
        b[i:i] = rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\x80"])
    elif op == 3:
        b = bytearray(b"[" * rng.randint(1, 5000) + b"]" * rng.randint(0, 5000))
    elif op == 4:
        b = bytearray(rng.choice([b"", b"null", b"[]", b"\"x\"", b"1e999999", b"{}", b"{\"update_id\":1}"]))
    elif op == 5 and b.find(b":") > 0:
        i = b.find(b":")
        b[i + 1:i + 1] = b"\"\\ud800\","
    else:
        b = b + b"x" * rng.randint(1, 100)
    return bytes(b)


def mutate_json(doc, rng):
    if isinstance(doc, dict) and doc:
        key = rng.choice(list(doc))
        op = rng.randint(0, 5)
        if op == 0:
            del doc[key]
        elif op == 1:
            doc[key] = rng.choice(NUMBERS + WEIRD + [None, True, [], {}, [1, 2], {"a": 1}])
        elif op == 2:
            doc[key] = mutate_json(doc[key], rng)
        elif op == 3:
            doc[rng.choice(WEIRD)] = rng.choice(WEIRD)
        elif op == 4 and key == "message" or key == "text" or key == "value":
            doc[key] = mutate_json(doc[key], rng)
        else:
            doc[key] = mutate_json(doc[key], rng)
        return doc
    if isinstance(doc, list):
        if doc and rng.random() < 0.5:
            doc[rng.randrange(len(doc))] = mutate_json(doc[rng.randrange(len(doc))], rng)
        else:
            doc.append(rng.choice(WEIRD + NUMBERS + [{"type": "mention", "offset": rng.choice(NUMBERS), "length": rng.choice(NUMBERS)}]))
        return doc
    if isinstance(doc, str):
        return rng.choice([doc + rng.choice(WEIRD), rng.choice(WEIRD), doc[: len(doc) // 2], rng.choice(NUMBERS)])
    if isinstance(doc, (int, float)) and not isinstance(doc, bool):
        return rng.choice(NUMBERS + ["1", "x"])
    return rng.choice(WEIRD + NUMBERS + [None])


def send(conn_holder, port, path, body, headers):
    for _ in range(2):
        try:
            if conn_holder[0] is None:
                conn_holder[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn_holder[0].request("POST", path, body, headers)
            r = conn_holder[0].getresponse()
            data = r.read()
            if r.getheader("Connection", "").lower() == "close":
                conn_holder[0].close()
                conn_holder[0] = None
            return r.status, data
        except (http.client.HTTPException, OSError):
            if conn_holder[0] is not None:
                conn_holder[0].close()
            conn_holder[0] = None
    return 0, b""


def phase_forged(ctx):
    host = ctx.fresh_host()
    ep = Endpoints(ctx)
    s = samples(ctx.platform.port)
    cases = {
        "telegram": [("no-secret", s["telegram"][0]), ("bad-secret", s["telegram"][0])],
        "discord": [(f, b) for f in ("no-signature", "bad-signature", "old-timestamp", "body-swapped") for b in s["discord"]],
        "botframework": [("bogus-token", b) for b in s["botframework"]],
    }
    for name, items in cases.items():
        codes = {}
        for forged, body in items:
            path, body2, headers = getattr(ep, name)(body, forged)
            status, _ = send([None], host.port, path, body2, headers)
            codes[status] = codes.get(status, 0) + 1
        refused = sum(v for k, v in codes.items() if k in (401, 403))
        figure(f"forged {name}: {len(items)} requests, refused (401/403) {refused}, status codes {dict(sorted(codes.items()))}")
    # Oversized bodies on every endpoint.
    big = b"{\"text\":\"" + b"a" * (2 * 1024 * 1024) + b"\"}"
    line = []
    for name in ("telegram", "discord", "botframework", "web"):
        path, body, headers = getattr(ep, name)(big)
        status, _ = send([None], host.port, path, body, headers)
        line.append(f"{name} {status}")
    figure("2 MB body: " + ", ".join(line))
    host.stop(signal.SIGTERM)


def phase_fuzz(ctx):
    host = ctx.fresh_host()
    ep = Endpoints(ctx)
    s = samples(ctx.platform.port)
    n = ctx.args.fuzz_n
    for name in ("telegram", "discord", "botframework", "web"):
        codes = {}
        lock = threading.Lock()
        started = time.time()

        def one(i, holder=threading.local()):
            if not hasattr(holder, "conn"):
                holder.conn = [None]
            rng = random.Random(i * 7919 + hash(name) % 1000)
            body = mutate(rng.choice(s[name]), rng)
            path, body, headers = getattr(ep, name)(body)
            status, _ = send(holder.conn, host.port, path, body, headers)
            with lock:
                codes[status] = codes.get(status, 0) + 1

        parallel(range(n), one, threads=8)
        fivexx = sum(v for k, v in codes.items() if k >= 500 or k == 0)
        # The host still answers a normal request afterwards: a new interaction id, since the fuzz may have sent the
        # sample itself within this second, and Discord replays are refused (401) by default.
        path, body, headers = getattr(ep, name)(s[name][0].replace(b'"id": "111"', b'"id": "999111"'))
        status, data = send([None], host.port, path, body, headers)
        figure(f"fuzz {name}: {n} mutated requests in {time.time() - started:.0f} s, 5xx or no answer {fivexx}, "
               f"codes {dict(sorted(codes.items()))}, host alive {host.alive()}, normal request afterwards {status}")
    host.stop(signal.SIGTERM)


# ---------------------------------------------------------------- main

class Context:
    def __init__(self, args):
        self.args = args
        self.platform = FakePlatform()
        self.key = Ed25519PrivateKey.generate()
        self.public_hex = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        self.tmp = tempfile.mkdtemp(prefix="optoutbot-campaign-")

    def fresh_host(self, extra=None):
        data = tempfile.mkdtemp(dir=self.tmp)
        host = Host(self.args.host, self.args.root, self.platform, data, self.public_hex, extra)
        host.start()
        return host


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--fuzz-n", type=int, default=int(os.environ.get("FUZZ_N", "20000")))
    parser.add_argument("--kills", type=int, default=int(os.environ.get("KILLS", "20")))
    parser.add_argument("--subscribers", type=int, default=int(os.environ.get("BROADCAST_N", "1200")))
    parser.add_argument("--api-delay", type=float, default=float(os.environ.get("BROADCAST_API_DELAY", "0.05")))
    parser.add_argument("--lease", type=int, default=int(os.environ.get("BROADCAST_LEASE", "0")))  # 0: the product default
    parser.add_argument("phases", nargs="*", default=["forged", "fuzz", "redelivery", "presses", "kills", "broadcast-kills"])
    args = parser.parse_args()
    ctx = Context(args)
    print(f"campaign: host {args.host}, data under {ctx.tmp}", flush=True)
    for phase in args.phases:
        started = time.time()
        globals()["phase_" + phase.replace("-", "_")](ctx)
        print(f"  ({phase}: {time.time() - started:.0f} s)", flush=True)
    print("\n== summary")
    for line in SUMMARY:
        print(line)


if __name__ == "__main__":
    main()
