"""The shared installation of deploy/ as it runs: PostgreSQL, two Streamlit processes in
shared mode behind nginx with the proxy rules of ``deploy/nginx/voordeurcheck-proxy.conf``,
a login and an answer in Chromium through nginx, then ``deploy/backup.sh`` and
``deploy/restore.sh`` on that database.

Everything stays on 127.0.0.1 with unprivileged ports; nginx runs in the foreground with
its own prefix folder (``nginx -p DIR -c nginx.conf``), PostgreSQL is the throw-away
server of ``tests/conftest.py``. Runs in ``make test`` (marker ``deploy``; ``make
deploy-test`` runs it alone).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import LocalPostgres, PostgresUnavailable, _libpq_url
from tests.e2e import conftest as e2e
from tests.e2e.conftest import REPO_ROOT, StreamlitServer, open_page, rerun, run_cli, skip_or_fail

pytestmark = [pytest.mark.e2e, pytest.mark.deploy, pytest.mark.xdist_group("browser")]

DEPLOY = REPO_ROOT / "deploy"
PASSWORD = "Sleutelbos-aan-de-deur-7"
COORDINATOR = "coord@kempenhof.nl"
ORG = "demo-huisvesting-kempenhof"
ROUND = "Meting 2026"
ITEM = "dra-01"
BACKUP_ITEM = "dra-02"
COOKIE_SECRET = "deploy-test-cookie-secret-0123456789"

# The test's nginx.conf: what /etc/nginx/nginx.conf + sites-enabled give on Debian, with
# the upstream on the test's ports and the deploy folder's proxy rules included as is.
NGINX_CONF = """
worker_processes 1;
worker_rlimit_nofile 8192;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
# Every respondent holds two connections (browser -> nginx -> app): 1024 ran out at 500
# respondents at once (benchmarks.load); the recipe's nginx.conf says the same.
events {{ worker_connections 4096; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    log_format upstream '$remote_addr $upstream_addr $voordeurcheck_route "$request" $status';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{upstream}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {static}
        include {proxy_rules};
    }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        skip_or_fail("nginx not found (Debian package nginx; .ci/run installs it)")
    return found


def _static_line() -> str:
    """The site's `set $voordeurcheck_static ...;` line, with the folder its link
    (`make static-link`) points to: Streamlit's static folder in this virtualenv. (Not a
    link in the test's own folder: pytest's temporary folders are closed to nginx's worker.)"""
    import streamlit

    site = (DEPLOY / "nginx" / "voordeurcheck.conf").read_text()
    line = re.search(r"set \$voordeurcheck_static [^;]+;", site).group(0)
    return line.replace(line.split()[-1], f"{Path(streamlit.__file__).parent / 'static'};")


def _mime_types() -> str:
    """Debian's /etc/nginx/mime.types (nginx.conf includes it), else the one next to nginx."""
    for candidate in (Path("/etc/nginx/mime.types"), Path(_nginx()).parent.parent / "conf" / "mime.types"):
        if candidate.exists():
            return str(candidate)
    skip_or_fail("nginx's mime.types not found (Debian package nginx-common)")


def _upstream_block(ports: list[int]) -> str:
    """The route maps and the upstream of deploy/nginx/voordeurcheck.conf (everything before
    its first server block), with the test's ports."""
    site = (DEPLOY / "nginx" / "voordeurcheck.conf").read_text()
    block = re.search(r"^map .*?^upstream voordeurcheck \{.*?\n\}", site, re.S | re.M).group(0)
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in ports)
    block = re.sub(r"(    server 127\.0\.0\.1:\d+[^\n]*\n)+", servers + "\n", block)
    assert all(f":{port} " in block for port in ports) and "hash $voordeurcheck_route consistent;" in block
    return block


@dataclass
class Nginx:
    prefix: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def upstreams(self) -> list[tuple[str, str]]:
        """(route key, upstream address) of each request in the access log that went to an app."""
        lines = (self.prefix / "access.log").read_text().splitlines()
        return [(line.split()[2], line.split()[1]) for line in lines if line.split()[1] != "-"]

    def logged(self, text: str, count: int = 1, timeout: float = 10) -> list[str]:
        """The access log's lines that hold ``text``, once there are ``count``. nginx writes
        a request's line when it finishes the request, which can be just after the client
        has read the whole response: reading the log at once raced with it."""
        deadline = time.monotonic() + timeout
        while True:
            lines = [line for line in (self.prefix / "access.log").read_text().splitlines() if text in line]
            if len(lines) >= count or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def sessions_per_upstream(self) -> dict[str, int]:
        """How many websocket sessions (GET /_stcore/stream) each process received."""
        counts: dict[str, int] = {}
        for line in (self.prefix / "access.log").read_text().splitlines():
            if "/_stcore/stream" in line:
                upstream = line.split()[1]
                counts[upstream] = counts.get(upstream, 0) + 1
        return counts


def start_nginx(folder: Path, ports: list[int]) -> Nginx:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):
        port = e2e._free_port()
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=folder, port=port, upstream=_upstream_block(ports), static=_static_line(), mime_types=_mime_types(),
                proxy_rules=DEPLOY / "nginx" / "voordeurcheck-proxy.conf",
            )
        )  # fmt: skip
        check = subprocess.run([_nginx(), "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen(
            [_nginx(), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=(folder / "stderr.log").open("w"), start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            if _get(port, "/_stcore/health")[0] == 200:
                return Nginx(folder, port, process)
            time.sleep(0.05)
        process.kill()
        process.wait(timeout=10)
    pytest.fail(f"nginx did not start: {(folder / 'stderr.log').read_text()}{(folder / 'error.log').read_text()}")


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    status, _, body = _request(port, path, cookie)
    return status, body.decode(errors="replace")


def _request(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        headers: dict[str, str] = {}
        for key, value in response.getheaders():  # several Set-Cookie headers: joined by " | "
            headers[key.lower()] = f"{headers[key.lower()]} | {value}" if key.lower() in headers else value
        return response.status, headers, response.read()
    except OSError:
        return 0, {}, b""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)


@dataclass
class Installation:
    database_url: str
    apps: list[StreamlitServer]
    nginx: Nginx
    invitation: str  # a respondent's token


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Iterator[Installation]:
    folder = tmp_path_factory.mktemp("deploy")
    try:
        postgres = LocalPostgres().start()
    except PostgresUnavailable as exc:
        skip_or_fail(f"PostgreSQL: {exc}")
    apps: list[StreamlitServer] = []
    nginx = None
    try:
        import psycopg

        with psycopg.connect(_libpq_url(postgres.url), autocommit=True) as admin:
            admin.execute("CREATE DATABASE voordeurcheck")
        database_url = _libpq_url(postgres.url, database="voordeurcheck")
        run_cli(database_url, "init-db")
        run_cli(database_url, "seed-demo")
        _cli(database_url, "users", "create", "--role", "beheerder", "--username", "beheer@example.org",
             "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        _cli(database_url, "users", "create", "--role", "coordinator", "--username", COORDINATOR,
             "--org", ORG, "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        link = _cli(database_url, "invite", ORG, "--round", ROUND, "--role", "uitvoering").strip()

        with pytest.MonkeyPatch.context() as patch:  # shared mode, as the systemd unit sets it
            patch.setattr(e2e, "_app_env", _shared_env)
            for n in (1, 2):
                apps.append(StreamlitServer(database_url, folder / f"streamlit-{n}.log").start())
        nginx = start_nginx(folder / "nginx", [app.port for app in apps])
        yield Installation(database_url, apps, nginx, link.split("uitnodiging=")[1])
    finally:
        if nginx is not None:
            _stop(nginx.process)
        for app in apps:
            app.stop()
        postgres.stop()


def _shared_env(database_url: str) -> dict[str, str]:
    env = _plain(database_url)
    env["VOORDEURCHECK_MODE"] = "shared"
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = COOKIE_SECRET  # one secret for all processes
    return env


_plain = e2e._app_env


def _cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [e2e._console_script("readiness"), *args],
        cwd=REPO_ROOT, env=_plain(database_url), input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _app(database_url: str):
    from readiness.config import load_settings
    from readiness.services import open_app

    return open_app(load_settings({"DATABASE_URL": database_url}), migrate_db=False)


def _stored_answer(database_url: str, token: str):
    from readiness.services import accounts

    app = _app(database_url)
    actor = accounts.resolve_invitation(app, token)
    data = app.repo.round_data(actor.round_id)
    return actor, {a.item_id: a for a in data.answers if a.respondent_id == actor.respondent_id}


# --------------------------------------------------------------------------- tests


def _fetch(port: int, path: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_nginx_serves_streamlit_static_files_itself_compressed_and_long_cached(installation):
    import gzip

    import streamlit

    nginx = installation.nginx
    status, headers, page = _fetch(nginx.port, "/")
    assert status == 200 and headers.get("content-encoding") == "gzip"  # the page, from the app, compressed
    page = gzip.decompress(page)
    chunk = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', page).group(1).decode()
    on_disk = (Path(streamlit.__file__).parent / "static" / chunk).read_bytes()
    # Both app processes stopped (SIGSTOP): what nginx still serves, it serves itself.
    for app in installation.apps:
        os.kill(app.process.pid, signal.SIGSTOP)
    try:
        status, headers, body = _fetch(nginx.port, f"/{chunk}")
    finally:
        for app in installation.apps:
            os.kill(app.process.pid, signal.SIGCONT)
    assert status == 200
    assert headers.get("content-encoding") == "gzip" and gzip.decompress(body) == on_disk
    assert "max-age=31536000" in headers.get("cache-control", "")
    served = nginx.logged(f"/{chunk}")
    assert served and all(line.split()[1] == "-" for line in served)  # no upstream asked
    assert _get(nginx.port, "/_stcore/health") == (200, "ok")  # the apps run on


def test_nginx_spreads_browsers_over_both_processes_and_keeps_each_on_one(installation):
    """32 browsers behind one address (a corporation's gateway): each gets a route cookie on
    its first request and stays with one process; together they use both."""
    nginx = installation.nginx
    routes = []
    for _ in range(32):
        status, headers, _ = _request(nginx.port, "/_stcore/health")
        assert status == 200
        cookie = re.search(r"voordeurcheck_route=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax( \||$)", headers["set-cookie"])
        assert cookie, headers.get("set-cookie")
        routes.append(cookie.group(1))
        for _ in range(2):  # the browser sends its cookie back, and gets no new one
            status, headers, body = _request(nginx.port, "/_stcore/health", f"voordeurcheck_route={routes[-1]}")
            assert (status, body, "voordeurcheck_route" in headers.get("set-cookie", "")) == (200, b"ok", False)
    for route in routes:  # every browser's three requests are in the log
        nginx.logged(route, count=3)
    seen: dict[str, set[str]] = {}
    for route, upstream in nginx.upstreams():
        seen.setdefault(route, set()).add(upstream)
    assert len(set(routes)) == 32 and all(len(seen[route]) == 1 for route in routes), "a browser switched processes"
    assert {next(iter(seen[r])) for r in routes} == {f"127.0.0.1:{app.port}" for app in installation.apps}


def test_login_and_an_answer_through_nginx_are_stored(installation, page):
    from tests.e2e.test_newcomer import answer

    nginx = installation.nginx
    open_page(page, nginx.url)
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    page.get_by_label("Gebruikersnaam").fill(COORDINATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    rerun(page, lambda: page.get_by_role("button", name="Inloggen").click())
    assert page.get_by_role("button", name="Uitloggen").is_visible()  # logged in, in a session of one process

    actor, before = _stored_answer(installation.database_url, installation.invitation)
    assert ITEM not in before
    open_page(page, f"{nginx.url}/?uitnodiging={installation.invitation}")
    assert page.get_by_role("heading", name="Vragenlijst").is_visible()
    answer(page, _app(installation.database_url).checklist, str(actor.respondent_id), ITEM, 3)

    _, after = _stored_answer(installation.database_url, installation.invitation)
    assert after[ITEM].score == 3
    # the whole session (page, websocket, uploads) went through one process: the one its cookie names
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "voordeurcheck_route")
    requests = [upstream for key, upstream in nginx.upstreams() if key == route]
    assert len(requests) >= 2 and len(set(requests)) == 1, requests


def test_backup_and_restore_with_the_deploy_scripts(installation, tmp_path):
    import psycopg

    from readiness.models import AnswerKind
    from readiness.services import assessment

    # An answer of its own, so this test does not depend on the browser test before it.
    actor, stored = _stored_answer(installation.database_url, installation.invitation)
    if BACKUP_ITEM not in stored:
        assessment.save_answer(
            _app(installation.database_url), actor.respondent_id, BACKUP_ITEM, AnswerKind.SCORE, 2,
            expected_version=None,
        )
    env = {**os.environ, "DATABASE_URL": installation.database_url, "VOORDEURCHECK_ENV": "/nonexistent"}
    env.pop("PGDATABASE", None)
    backup = subprocess.run(
        [str(DEPLOY / "backup.sh"), str(tmp_path / "backups")], env=env, capture_output=True, text=True, timeout=120
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path / "backups" and dump.name.startswith("voordeurcheck-") and dump.stat().st_size > 0
    assert oct(dump.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in dump.parent.iterdir()] == [dump.name]  # no partial file left

    def counts() -> tuple[int, int, int]:
        with psycopg.connect(installation.database_url) as conn:
            return tuple(
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("organisations", "answers", "accounts")
            )

    before = counts()
    assert all(before)
    for app in installation.apps:  # the recipe: stop the app, restore, start it again
        app.stop()
    with psycopg.connect(installation.database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM answers")
        conn.execute("DROP TABLE accounts CASCADE")
        conn.execute("UPDATE organisations SET name = 'Overschreven'")

    refused = subprocess.run([str(DEPLOY / "restore.sh"), str(dump)], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and "--ja" in refused.stderr
    not_a_dump = tmp_path / "kapot.dump"
    not_a_dump.write_bytes(b"geen reservekopie")
    broken = subprocess.run([str(DEPLOY / "restore.sh"), "--ja", str(not_a_dump)], env=env, capture_output=True, text=True)
    assert broken.returncode == 2 and "er is niets veranderd" in broken.stderr

    restore = subprocess.run(
        [str(DEPLOY / "restore.sh"), "--ja", str(dump)], env=env, capture_output=True, text=True, timeout=120
    )
    assert restore.returncode == 0, restore.stderr
    assert counts() == before
    _, answers = _stored_answer(installation.database_url, installation.invitation)
    assert answers[BACKUP_ITEM].score == 2  # the answer stored before the backup is back
    names = [org.name for org in _app(installation.database_url).repo.list_organisations()]
    assert "Overschreven" not in names and "Huisvesting Kempenhof (demo)" in names
