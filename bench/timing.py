"""One timed run of a command for the benchmarks (bench/*.sh): wall time,
CPU time (user + system) and peak RSS, from /usr/bin/time -v."""
import os
import re
import subprocess
import sys
import tempfile
import time

_report = os.path.join(tempfile.mkdtemp(), "time")


def timed(argv):
    """(wall seconds, CPU seconds, peak RSS in KB, stdout) of one run of argv;
    exits the benchmark when the command fails."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", "-o", _report] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(argv), r.stderr.decode(errors="replace")[:500]))
    report = open(_report).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", report))
    return t, cpu, rss, r.stdout.decode(errors="replace").strip()
