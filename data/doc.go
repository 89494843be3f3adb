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
//   - the published tariff of each toll section by class, with its date
//     (tolls.json), spread over the section's roads by length;
//   - ports and ferry services: timetable, the fleet serving each route and
//     an availability factor (from which the deck per sailing by golongan
//     follows), tariffs with their date, and for season-only services the
//     dated seasons they run in;
//   - regencies with BPS production figures (rice, corn, cassava) and
//     estimates (broiler chicken, banana, pineapple);
//   - about 125,000 synthetic farms generated deterministically at load time,
//     kept out of the protected areas (Way Kambas and Bukit Barisan Selatan
//     national parks, Tahura Wan Abdul Rachman; approximate outlines);
//   - buyers (markets, a feed-mill cluster, poultry slaughterhouses, food
//     industry) with the daily demand plausibly served from Lampung, truck
//     classes with their length (the ferry golongan follows from it) and
//     the feeder parameters that connect off-network points to the roads;
//   - the planner's default assumptions and dated government restrictions
//     (the Lebaran truck ban) a scenario may switch on (dataset.json);
//   - Jakarta's daily truck hours as time windows on road sections
//     (road_restrictions.json; estimates), which the router honours.
//
// Rice is planned as milled rice (beras), the unit Jakarta's buyers buy:
// BPS's dry-paddy (GKG) figures are converted with BPS's factor. Cassava is
// planned as fresh roots for fresh-food buyers; the tapioca most of it
// becomes inside Lampung is not planned.
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
//     roads, ports, ferry services, markets, vehicles, protected areas,
//     road restrictions);
//   - every reference resolves: road ends and port gates are junctions, ferry
//     ends are ports, demands and production name commodities, road
//     restrictions name roads (each road at most one) and have non-empty
//     windows within the day;
//   - coordinates are valid WGS84 longitude, latitude; road polylines start
//     and end at their junctions;
//   - speeds, capacities, crossing times and prices are positive, toll and
//     ferry classes are in range, seasonality has mean 1;
//   - every vehicle has a length and its golongan is derived from it
//     (FerryClassForLength), never set by hand;
//   - every ferry service's deck follows from its fleet (ship shares sum to
//     1, availability in (0, 1]) and every golongan with deck space has a
//     tariff; seasons are dated, sorted and disjoint;
//   - toll tariffs name existing toll roads, each road priced by at most one
//     section, with a date;
//   - the planner section is complete and in range, its regular crossing is
//     a year-round service and its baseline vehicles exist; restrictions
//     name existing services, golongan and commodities;
//   - the network is connected: every junction is reachable from every other
//     along roads (undirected) and ferry services between port junctions;
//   - farm tonnes per regency and commodity sum to the regency's production
//     figure, every farm lies inside its regency's boundary (or, where the
//     regency has none, inside its province), outside every protected area
//     and within the feeder's snap distance of a junction, and generation is
//     deterministic: two loads of the same files give identical farms (how
//     farms are counted, placed and sized is described in farms.go).
//
// Errors are *LoadError values naming the file, the feature and the field;
// they wrap one of the package's sentinel errors (ErrUnknownRef,
// ErrMissingField, ErrRange, …) for errors.Is.
package data
