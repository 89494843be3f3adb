// Package osm holds the OpenStreetMap import benchmarks: gen.sh generates
// the road-like test networks of issue #8 outside the repository and
// reports import time and peak memory; the Go benchmarks here measure
// queries on a graph file it wrote (LUMBUNG_OSM_GRAPH).
package osm
