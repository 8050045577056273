#!/usr/bin/env python3
"""The source tree keeps its layout (doc/ARCHITECTURE.md).

  check_layout.py tree SOURCE_DIR
      fails on a folder-level include cycle in src/lib/ (a folder that
      includes, through other folders, one of its own headers), on a .c
      file whose first line is not a one-line comment saying its job, and
      on CLI code (src/cli/) including a header of the library's inside.
  check_layout.py headers SOURCE_DIR CC
      compiles every public header include/charter/*.h (and charter.h) on
      its own, with -std=c11 -Wall -Wextra -Wpedantic -Werror.
Standard library only.
"""
import os
import re
import subprocess
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def tracked_files(root, *dirs):
    out = []
    for d in dirs:
        for base, subdirs, files in os.walk(os.path.join(root, d)):
            subdirs[:] = [s for s in subdirs if not s.startswith('.') and s != 'build']
            out.extend(os.path.join(base, f) for f in files)
    return sorted(out)


def folder_graph(root):
    """folder -> {included folder -> first file that includes it}"""
    lib = os.path.join(root, 'src', 'lib')
    graph = {}
    for path in tracked_files(root, 'src/lib'):
        if not path.endswith(('.c', '.h')):
            continue
        rel = os.path.relpath(path, lib)
        if os.sep not in rel:
            continue
        folder = rel.split(os.sep)[0]
        graph.setdefault(folder, {})
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for kind, name in INCLUDE.findall(text):
            if kind == '"' and '/' in name:
                dep = name.split('/')[0]
                if dep != folder and os.path.isdir(os.path.join(lib, dep)):
                    graph[folder].setdefault(dep, rel)
    return graph


def find_cycles(graph):
    """Every strongly connected set of two or more folders (Tarjan)."""
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                sccs.append(sorted(scc))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sccs


def layers(graph):
    """The folders by layer: each uses only folders of the layers before it
    (a folder's layer is one more than the highest of those it uses)."""
    level = {}

    def visit(v):
        if v not in level:
            level[v] = 0
            level[v] = 1 + max([visit(w) for w in graph.get(v, {})] or [-1])
        return level[v]

    for v in graph:
        visit(v)
    by = {}
    for v, n in level.items():
        by.setdefault(n, []).append(v)
    return ' <- '.join(','.join(sorted(by[n])) for n in sorted(by))


JOB = re.compile(r'^/\*\s*\S+(\s+\S+){2,}')


def check_tree(root):
    problems = []
    graph = folder_graph(root)
    for scc in find_cycles(graph):
        edges = ['%s -> %s (%s)' % (a, b, graph[a][b]) for a in scc for b in sorted(graph[a]) if b in scc]
        problems.append('src/lib: folders include each other in a cycle: ' + '; '.join(edges))

    for path in tracked_files(root, 'src', 'tests', 'fuzz', 'bench', 'examples'):
        if not path.endswith('.c'):
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            first = f.readline().rstrip('\n')
        if not JOB.match(first):
            problems.append('%s: the first line is not a comment saying the file\'s job (got "%s")'
                            % (os.path.relpath(path, root), first[:60]))

    cli = os.path.join(root, 'src', 'cli')
    own = set(os.listdir(cli))
    for path in tracked_files(root, 'src/cli'):
        if not path.endswith(('.c', '.h')):
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for kind, name in INCLUDE.findall(text):
            public = name == 'charter.h' or name.startswith('charter/')
            if kind == '"' and not public and name not in own:
                problems.append('%s: includes "%s", a header of the library\'s inside: the CLI uses the public '
                                'header only' % (os.path.relpath(path, root), name))

    for p in problems:
        print('layout: ' + p)
    if not problems:
        print('layout: no folder cycle; every .c file says its job; the CLI includes public headers only')
        print('layout: folders by layer (each uses only earlier layers): ' + layers(graph))
    return 1 if problems else 0


def check_headers(root, cc):
    include = os.path.join(root, 'include')
    headers = ['charter.h'] + ['charter/' + h for h in sorted(os.listdir(os.path.join(include, 'charter')))
                               if h.endswith('.h')]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for h in headers:
            src = os.path.join(tmp, 'one.c')
            with open(src, 'w') as f:
                # Twice: the include guard holds too.
                f.write('#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' % (h, h))
            cmd = [cc, '-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-fsyntax-only',
                   '-I', include, src]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
            if r.returncode != 0:
                failed += 1
                print('headers: <%s> does not compile on its own:\n%s' % (h, r.stdout))
            else:
                print('headers: <%s> compiles on its own' % h)
    return 1 if failed else 0


def self_test():
    """The checker itself: a made-up tree with each fault is refused."""
    def tree(files):
        d = tempfile.mkdtemp()
        for name, text in files.items():
            path = os.path.join(d, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(text)
        return d

    ok = {
        'src/lib/base/a.c': '/* Says what it does. */\n#include "base/a.h"\n',
        'src/lib/base/a.h': '',
        'src/lib/top/b.c': '/* Says what it does. */\n#include "base/a.h"\n',
        'src/lib/top/b.h': '',
        'src/cli/main.c': '/* Says what it does. */\n#include "cli.h"\n#include <charter.h>\n',
        'src/cli/cli.h': '',
    }
    faults = {
        'cycle': dict(ok, **{'src/lib/base/c.c': '/* Says what it does. */\n#include "top/b.h"\n'}),
        'job': dict(ok, **{'src/lib/top/b.c': '#include "base/a.h"\n'}),
        'cli': dict(ok, **{'src/cli/main.c': '/* Says what it does. */\n#include "base/a.h"\n'}),
    }
    failed = 0
    devnull = open(os.devnull, 'w')
    saved = sys.stdout
    try:
        sys.stdout = devnull
        good = check_tree(tree(ok))
        bad = {k: check_tree(tree(v)) for k, v in faults.items()}
    finally:
        sys.stdout = saved
    if good != 0:
        failed += 1
        print('self-test: a tree without faults was refused')
    for k, rc in bad.items():
        if rc == 0:
            failed += 1
            print('self-test: a tree with a fault (%s) was accepted' % k)
    print('self-test: %s' % ('failed' if failed else 'each fault is caught'))
    return 1 if failed else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == 'tree':
        return self_test() or check_tree(argv[2])
    if len(argv) >= 4 and argv[1] == 'headers':
        return check_headers(argv[2], argv[3])
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
