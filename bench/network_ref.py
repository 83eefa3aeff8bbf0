#!/usr/bin/python3
"""The same multi-source shortest paths as the engine, with python3-igraph and networkx
(bench/network.bench.ts runs this in the same run on the same graph).

Input folder: edges.bin (int32 u, int32 v, float64 w, int8 dir per edge, little-endian, packed
as separate arrays: u.i32, v.i32, w.f64, dir.i8), seeds.json ([[ [node, cost], … ] per category],
node count, cutoff per category for networkx). Writes igraph.f64 / networkx.f64 (distances per
category × node; inf beyond) and prints one JSON line with the timings.
igraph has no cutoff: it computes every node (as the engine's timed run does); networkx runs
with the engine's cutoff (it would take minutes on a million edges otherwise).
"""
import json
import sys
import time

import igraph as ig
import networkx as nx
import numpy as np

d = sys.argv[1]
u = np.fromfile(f"{d}/u.i32", dtype="<i4")
v = np.fromfile(f"{d}/v.i32", dtype="<i4")
w = np.fromfile(f"{d}/w.f64", dtype="<f8")
dr = np.fromfile(f"{d}/dir.i8", dtype="i1")
meta = json.load(open(f"{d}/seeds.json"))
N = meta["nodes"]
S = N  # super source
fw = dr >= 0
bw = dr <= 0
src = np.concatenate([u[fw], v[bw]])
dst = np.concatenate([v[fw], u[bw]])
wt = np.concatenate([w[fw], w[bw]])

t0 = time.time()
g = ig.Graph(n=N + 1, edges=np.column_stack([src, dst]).tolist(), directed=True)
g.es["weight"] = wt.tolist()
ig_build = (time.time() - t0) * 1000
ig_ms = 0.0
out = np.full((len(meta["seeds"]), N), np.inf)
base = g.ecount()
for c, seeds in enumerate(meta["seeds"]):
    if not seeds:
        continue
    g.add_edges([(S, int(n)) for n, _ in seeds])
    g.es[base:]["weight"] = [float(cost) for _, cost in seeds]
    t0 = time.time()
    dist = g.distances(source=[S], weights="weight", mode="out")[0]
    ig_ms += (time.time() - t0) * 1000
    out[c] = np.asarray(dist[:N], dtype=float)
    g.delete_edges(range(base, g.ecount()))
out.tofile(f"{d}/igraph.f64")

t0 = time.time()
# a DiGraph keeps one arc per node pair: keep the shortest of parallel arcs
order = np.lexsort((wt, dst, src))
s2, d2, w2 = src[order], dst[order], wt[order]
first = np.ones(len(s2), dtype=bool)
first[1:] = (s2[1:] != s2[:-1]) | (d2[1:] != d2[:-1])
G = nx.DiGraph()
G.add_nodes_from(range(N + 1))
G.add_weighted_edges_from(zip(s2[first].tolist(), d2[first].tolist(), w2[first].tolist()))
nx_build = (time.time() - t0) * 1000
nx_ms = 0.0
out2 = np.full((len(meta["seeds"]), N), np.inf)
for c, seeds in enumerate(meta["seeds"]):
    if not seeds:
        continue
    best = {}
    for n, cost in seeds:
        best[int(n)] = min(best.get(int(n), float("inf")), float(cost))
    G.add_weighted_edges_from([(S, n, cost) for n, cost in best.items()])
    t0 = time.time()
    dist = nx.single_source_dijkstra_path_length(G, S, cutoff=meta["cutoff"][c], weight="weight")
    nx_ms += (time.time() - t0) * 1000
    G.remove_edges_from([(S, int(n)) for n, _ in seeds])
    for n, dd in dist.items():
        if n != S:
            out2[c, n] = dd
out2.tofile(f"{d}/networkx.f64")
print(json.dumps({"igraph_ms": round(ig_ms), "igraph_build_ms": round(ig_build), "networkx_ms": round(nx_ms), "networkx_build_ms": round(nx_build),
                  "igraph": ig.__version__, "networkx": nx.__version__}))
