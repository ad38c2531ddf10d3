#!/usr/bin/env python3
"""Side-by-side timings of whole commands, alternating A B A B, medians (issue 14's targets).

    python3 compare.py study  [--rounds 3]  # study's opt1 vs `pokepipe run --origin URL --count 150`, 400 ± 100 ms
    python3 compare.py start  [--rounds 5]  # `pokepipe --version` vs `pokepipe run --origin URL --count 1`, 0 ms
    python3 compare.py builds --other "java -jar /path/old/pokepipe.jar" [--count 150] [--latency-ms 400]
                                            # this checkout's ./pokepipe vs another build, same run
    python3 compare.py memory [--rounds 3] [--count 1000]
                                            # peak RSS of `run` with 150 ids vs with --count ids, 0 ms

Every contender is a fresh process, timed from start to exit with /usr/bin/time (wall and peak RSS).
Artworks come from `pokepipe sample-artwork`, served by origin.py on loopback. `--python` names the
interpreter with Pillow 12.3.0 and requests (README.md beside this file says how to make one).
"""
import argparse, json, os, shlex, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env=None):
    """Runs cmd, returns (wall s, peak RSS MB, stdout)."""
    with tempfile.NamedTemporaryFile('r') as t:
        full = ['/usr/bin/time', '-f', '%e %M', '-o', t.name] + cmd
        p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        if p.returncode != 0:
            sys.exit(f'failed ({p.returncode}): {shlex.join(cmd)}\n{p.stderr[-2000:]}')
        wall, rss = t.read().split()[-2:]
    return float(wall), int(rss) / 1024, p.stdout


class Origin:
    def __init__(self, art, latency, jitter):
        self.p = subprocess.Popen([sys.executable, os.path.join(HERE, 'origin.py'), art, '--latency-ms', str(latency),
                                   '--jitter-ms', str(jitter)], stdout=subprocess.PIPE, text=True)
        self.url = self.p.stdout.readline().strip()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.p.kill()


def artworks(pokepipe, work, count):
    art = os.path.join(work, f'art-{count}')
    if not os.path.isdir(art) or len(os.listdir(art)) < count:
        subprocess.run(pokepipe + ['sample-artwork', '--out-dir', art, '--count', str(count)], check=True,
                       stdout=subprocess.DEVNULL)
    return art


def pokepipe_run(pokepipe, url, count, work):
    data = tempfile.mkdtemp(prefix='data-', dir=work)
    wall, rss, out = timed(pokepipe + ['run', '--origin', url, '--count', str(count), '--data-dir', data, '--json'])
    summary = json.loads(out[out.index('{'):])
    shutil.rmtree(data, ignore_errors=True)
    return {'wall_s': wall, 'rss_mb': round(rss), 'process_wall_s': summary['process']['wallSeconds'],
            'download_wall_s': summary['download']['wallSeconds'], 'processed': summary['processed']}


def median_of(rows, key):
    return statistics.median(r[key] for r in rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['study', 'start', 'builds', 'memory'])
    ap.add_argument('--rounds', type=int)
    ap.add_argument('--count', type=int, default=150)
    ap.add_argument('--latency-ms', type=int)
    ap.add_argument('--jitter-ms', type=int)
    ap.add_argument('--python', default=os.environ.get('STUDY_PYTHON', sys.executable))
    ap.add_argument('--pokepipe', default=os.path.join(ROOT, 'pokepipe'))
    ap.add_argument('--other', help='the other build, as a command line (builds mode)')
    ap.add_argument('--work-dir', default=os.path.join(tempfile.gettempdir(), 'pokepipe-compare'))
    a = ap.parse_args()
    os.makedirs(a.work_dir, exist_ok=True)
    pokepipe = shlex.split(a.pokepipe)
    rounds = a.rounds or (5 if a.mode == 'start' else 3)
    count = 1 if a.mode == 'start' else a.count if a.mode != 'memory' or a.count != 150 else 1000
    quiet = a.mode in ('start', 'memory')
    latency = a.latency_ms if a.latency_ms is not None else (0 if quiet else 400)
    jitter = a.jitter_ms if a.jitter_ms is not None else (0 if quiet else 100)
    art = artworks(pokepipe, a.work_dir, max(count, 1))
    a_rows, b_rows = [], []
    with Origin(art, latency, jitter) as origin:
        for r in range(rounds):
            if a.mode == 'study':
                work = tempfile.mkdtemp(prefix='opt1-', dir=a.work_dir)
                wall, rss, out = timed([a.python, os.path.join(HERE, 'opt1.py'), origin.url, '--count', str(count),
                                        '--work-dir', work])
                a_rows.append(dict(json.loads(out), wall_s=wall, rss_mb=round(rss)))
                shutil.rmtree(work, ignore_errors=True)
                b_rows.append(pokepipe_run(pokepipe, origin.url, count, a.work_dir))
            elif a.mode == 'start':
                wall, rss, _ = timed(pokepipe + ['--version'])
                a_rows.append({'wall_s': wall, 'rss_mb': round(rss)})
                b_rows.append(pokepipe_run(pokepipe, origin.url, count, a.work_dir))
            elif a.mode == 'memory':
                a_rows.append(pokepipe_run(pokepipe, origin.url, 150, a.work_dir))
                b_rows.append(pokepipe_run(pokepipe, origin.url, count, a.work_dir))
            else:
                a_rows.append(pokepipe_run(shlex.split(a.other), origin.url, count, a.work_dir))
                b_rows.append(pokepipe_run(pokepipe, origin.url, count, a.work_dir))
            print(f'round {r + 1}: A {a_rows[-1]}  B {b_rows[-1]}', file=sys.stderr, flush=True)
    names = {'study': ('opt1.py', 'pokepipe run'), 'start': ('pokepipe --version', 'pokepipe run --count 1'),
             'builds': ('other build', 'this build'),
             'memory': ('pokepipe run --count 150', f'pokepipe run --count {count}')}[a.mode]
    result = {'mode': a.mode, 'rounds': rounds, 'count': count, 'latency_ms': latency, 'jitter_ms': jitter,
              'A': names[0], 'B': names[1],
              'A_wall_s_median': median_of(a_rows, 'wall_s'), 'B_wall_s_median': median_of(b_rows, 'wall_s'),
              'B_over_A': round(median_of(b_rows, 'wall_s') / median_of(a_rows, 'wall_s'), 3),
              'A_rss_mb_median': median_of(a_rows, 'rss_mb'), 'B_rss_mb_median': median_of(b_rows, 'rss_mb'),
              'A_rows': a_rows, 'B_rows': b_rows}
    if a.mode == 'memory':
        result['B_rss_over_A'] = round(median_of(b_rows, 'rss_mb') / median_of(a_rows, 'rss_mb'), 3)
    if a.mode in ('study', 'builds'):
        cores = os.cpu_count()
        result['B_process_ms_per_image_core'] = round(median_of(b_rows, 'process_wall_s') * cores * 1000 / count, 1)
    print(json.dumps(result, indent=1))


if __name__ == '__main__':
    main()
