// Package data holds Lumbung's corridor datasets and their loader.
//
// A dataset is a directory of human-editable JSON and GeoJSON files (see
// Load for the layout). The default dataset, "lampung-jakarta", is embedded in
// the binary and returned by Default: it describes how farm produce from the
// 15 regencies of Lampung (Sumatra) reaches Jakarta's wholesale buyers across
// the Sunda Strait (Bakauheni – Merak and the alternative Panjang – Ciwandan
// and Bakauheni – BBJ Bojonegara crossings). It contains
//
//   - the road network as junctions and road sections: the Trans-Sumatra toll
//     road Bakauheni – Terbanggi Besar – Kayu Agung, the Lintas Timur, Tengah
//     and Barat national roads, links between all regency seats, the Tangerang
//     – Merak and Jakarta – Tangerang toll roads, Jakarta's inner and outer
//     ring roads and the approaches to the buyers;
//   - ports and ferry services with per-golongan deck space and tariffs;
//   - regencies with BPS production figures (rice, corn, cassava) and
//     estimates (broiler chicken, banana, pineapple);
//   - about 125,000 synthetic farms generated deterministically at load time;
//   - buyers (markets, a feed-mill cluster, poultry slaughterhouses, food
//     industry) with estimated daily demand, truck classes and the feeder
//     parameters that connect off-network points to the roads.
//
// Every figure carries its source; estimates are marked as such, and
// hand-placed geometry is marked approximate. ATTRIBUTION.md in this package
// lists the sources and licences (the boundaries are ODbL, © OpenStreetMap
// contributors).
//
// # Loader guarantees
//
// A *Dataset returned without error satisfies:
//
//   - IDs are unique within their kind (commodities, regencies, junctions,
//     roads, ports, ferry services, markets, vehicles);
//   - every reference resolves: road ends and port gates are junctions, ferry
//     ends are ports, demands and production name commodities;
//   - coordinates are valid WGS84 longitude, latitude; road polylines start
//     and end at their junctions;
//   - speeds, capacities, crossing times and prices are positive, toll and
//     ferry classes are in range, seasonality has mean 1;
//   - the network is connected: every junction is reachable from every other
//     along roads (undirected) and ferry services between port junctions;
//   - farm tonnes per regency and commodity sum to the regency's production
//     figure, every farm lies inside its regency's boundary (or, where the
//     regency has none, inside its province) and within the feeder's snap
//     distance of a junction, and generation is deterministic: two loads of
//     the same files give identical farms.
//
// Errors are *LoadError values naming the file, the feature and the field;
// they wrap one of the package's sentinel errors (ErrUnknownRef,
// ErrMissingField, ErrRange, …) for errors.Is.
package data
