import subprocess, sys, tempfile, time, threading
sys.path.insert(0, "/work/main/bench")
import votes
from harness import USER_AGENT, fresh_database, gunicorn, setlist_with_fans, wrk
from tests.support.processes import worker_pids
fresh_database()
_show, song_ids, fans = setlist_with_fans(songs=60, fans=1500)
songs = ",".join(map(str, song_ids))
signed_in = ",".join(f'{{"{f.cookie}","{f.csrf}"}}' for f in fans)
with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
    script.write(votes.LUA % (songs, signed_in, USER_AGENT))
kind = sys.argv[1] if len(sys.argv) > 1 else "htmx"
with gunicorn(workers=2) as url:
    wrk(f"{url}/healthz", 2)
    print("healthz", wrk(f"{url}/healthz", 8))
    out = subprocess.run(["pgrep", "-f", "gunicorn wsgi:app"], capture_output=True, text=True).stdout.split()
    pids = sorted(map(int, out))[1:]
    spy = subprocess.Popen(["/work/main/.venv/bin/py-spy", "record", "-p", str(pids[0]), "-d", "12", "-f", "raw", "-o", f"/tmp/spy-{kind}.txt", "-r", "200"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(kind, wrk(url, 15, script.name, args=(0, kind)))
    spy.wait()
