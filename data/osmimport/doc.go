// Package osmimport turns an OpenStreetMap extract (.osm.pbf, or .osm XML,
// plain or compressed with bzip2 or gzip) into Lumbung's routing graph for
// trucks.
//
// Import reads the file twice: first the ways, keeping those a truck may
// use (tags.go states each rule), then only the nodes those ways reference,
// held in flat slices indexed by their rank among the sorted referenced
// node ids, so that memory grows with the road network kept, not with the
// file. It then
//
//   - splits each kept way at junctions (nodes shared by two ways or more,
//     and way ends) and compresses the chain of shape nodes between two
//     junctions into one edge that keeps them as its geometry;
//   - keeps the largest strongly connected component of the directed graph,
//     so that every kept node can reach and be reached from every other and
//     no point snaps onto an island road (a car park, a oneway dead end, a
//     road cut by the bounding box);
//   - turns each route=ferry way into ferry edges of their own service with
//     the way's duration as crossing time.
//
// The result is an ordinary network.Graph; network.SaveFile stores it.
// Errors wrap the sentinels below (ErrCorrupt for an unreadable file,
// ErrNoRoads when nothing a truck may use remains, ErrEmptyBBox when the
// bounding box holds none of it) for errors.Is.
package osmimport
