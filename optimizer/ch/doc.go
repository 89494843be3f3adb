// Package ch answers shortest-path queries over a network.Graph with
// contraction hierarchies (Geisberger, Sanders, Schultes, Delling:
// "Contraction Hierarchies: Faster and Simpler Hierarchical Routing in Road
// Networks", WEA 2008) and many-to-many tables with the bucket method
// (Knopp, Sanders, Schultes, Schulz, Wagner: "Computing Many-to-Many
// Shortest Paths Using Highway Hierarchies", ALENEX 2007, as applied to
// CH by Geisberger et al.).
//
// Preprocessing orders nodes by a priority of the edge-difference family
// (shortcuts added over arcs removed, the same counted in original edges,
// the node's depth and its contracted neighbours), recomputed lazily when a
// node reaches the top of the queue and eagerly for the neighbours of each
// contracted node. Witness searches are Dijkstra runs bounded by the
// longest candidate shortcut and by a settled-node limit; a cut-short
// witness search only adds a superfluous shortcut. Nodes are renumbered by
// rank and the arcs laid out as flat CSR arrays: upward arcs for forward
// searches, downward arcs reversed for backward ones.
//
// Queries are bidirectional upward Dijkstra searches with stall-on-demand
// and index-based heaps in per-goroutine buffers (zero allocations per
// query once warm). Shortcuts are unpacked into original edges only when a
// path is asked for (Engine.Route); totals and tables never unpack.
//
// Metrics. A hierarchy minimizes one metric for one vehicle profile: time,
// distance or cost in Rupiah (per km, driver per hour, tolls by class), with
// every edge priced by route.EdgeCost, the same function route.Searcher
// uses. Each arc also carries the duration, distance and cost of the path
// it stands for, so totals come out of a search without unpacking. An
// Engine keeps one hierarchy per profile, metric and set of closed roads,
// built on first use (MaxCached of them). Closing a road therefore costs a
// new contraction: milliseconds on the 2,300-node corridor, tens of seconds
// at a million nodes (a customizable CH would make it a re-customization;
// see the package note in the closing report).
//
// Ferries. Ferry edges are left out of the hierarchy. A query combines the
// hierarchy's road-only legs origin→destination, origin→port, port→port and
// port→destination with the ferry edges on a small overlay graph (the
// origin, the destination and the ports) and runs Dijkstra over it with
// clocks, pricing each crossing with route.EdgeCost at the clock of the
// label that reaches its port: the exact wait for the departure when the
// query has a departure time, the expected wait when it has none. Because
// waiting is first-in-first-out and the road legs do not depend on the
// clock, this is exact for the travel-time metric with or without a
// departure time, and it prices waits for distance and cost exactly as
// route.Searcher does. The port legs come from the search spaces of the
// ports, kept as buckets, so a query still runs one forward and one
// backward search. Without a departure time a crossing costs the same at
// any clock (the expected wait), so tables use the overlay's closure over
// the ports instead (Floyd–Warshall over the few ports, once per table):
// each pair is then the best of its road leg and, over the ports, origin →
// port → closure → port → destination.
//
// Tables. The bucket method runs one backward search per target, groups
// the entries they leave by node into flat arrays, then one forward search
// per source scans the buckets of the nodes it settles; each source's row
// is finished (totals from the meeting labels, ferries) as soon as its
// search ends, so no table-sized scratch is kept beyond the answer. Tables
// of 50,000 cells or more spread both phases over GOMAXPROCS goroutines,
// each with its own search buffers (targets in fixed blocks, so the
// answer does not depend on scheduling).
//
// Guarantee: answers equal plain Dijkstra (route.Searcher) up to
// floating-point summation order (relative 1e-9); the tests check this on
// 10,000 random pairs per metric and on tables.
package ch
